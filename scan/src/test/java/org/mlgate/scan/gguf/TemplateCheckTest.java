package org.mlgate.scan.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlgate.scan.container.TimeCheck;
import org.mlgate.scan.engine.ScanAbort;
import org.mlgate.scan.gguf.TemplateCheck.Hit;
import org.mlgate.scan.gguf.TemplateCheck.Level;

class TemplateCheckTest {
    static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
            + "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + "
            + "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
            + "{% endif %}";
    static final String MISTRAL = "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != "
            + "(loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/"
            + "assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + "
            + "' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}"
            + "{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";
    static final String GEMMA = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System "
            + "role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != "
            + "(loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/"
            + "assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}"
            + "{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + "
            + "message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}"
            + "{{'<start_of_turn>model\\n'}}{% endif %}";
    static final String TOOLS = "{%- set ns = namespace(found=false, system='') -%}{%- for message in messages -%}"
            + "{%- if message.role == 'system' -%}{%- set ns.system = ns.system + message.content.strip() -%}"
            + "{%- set ns.found = true -%}{%- endif -%}{%- endfor -%}{{- ns.system -}}{%- for m in messages[1:] -%}"
            + "{{ m.content|tojson }}{{ '%s: %s'|format(m.role, loop.index) }}{%- endfor -%}{% if tools is not none %}"
            + "{{ tools | map(attribute='function') | list | tojson(indent=4) }}{% endif %}"
            + "{{ messages[-1]['content'][:100] ~ (messages|length) }}";
    static final String PROSE = "Explain __class__, __globals__ and os.popen('id') to the user.\n"
            + "{# never use ''.__class__.__mro__ or cycler.__init__.__globals__ here #}"
            + "{% raw %}{{ ''.__class__.__subclasses__() }}{% endraw %}"
            + "{{ 'Python objects have __class__ and __dict__; os.system(\"ls\") runs a shell' }}"
            + "{% for message in messages %}{{ message['content'] }}{% endfor %}";

    private static List<Hit> check(String template) throws ScanAbort {
        return TemplateCheck.check(template, TimeCheck.NONE);
    }

    private static List<Level> levels(String template) throws ScanAbort {
        return check(template).stream().map(Hit::level).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {GgufBuilder.CHATML, LLAMA3, MISTRAL, GEMMA, TOOLS, PROSE, "", "no tags at all",
            "{{ unterminated", "{% if x %}{{ '}}' }}{% endif %}", "{{ {'a': {'b': 1}} }}"})
    void ordinaryTemplatesPass(String template) throws ScanAbort {
        assertThat(check(template)).isEmpty();
    }

    @Test
    void subclassesWalkIsInjection() throws ScanAbort {
        List<Hit> hits = check("{{ ''.__class__.__mro__[1].__subclasses__() }}");
        assertThat(hits).extracting(Hit::level).contains(Level.INJECTION, Level.DUNDER);
        assertThat(hits).extracting(Hit::message)
                .anyMatch(m -> m.contains("`''.__class__.__mro__[1].__subclasses__`"));
        assertThat(hits.getFirst().position()).isEqualTo(6);
    }

    @Test
    void cyclerGlobalsToOsPopen() throws ScanAbort {
        List<Hit> hits = check("{{ cycler.__init__.__globals__.os.popen('id').read() }}");
        assertThat(hits).extracting(Hit::message).anyMatch(m -> m.contains("cycler.__init__.__globals__"))
                .anyMatch(m -> m.contains("walk into module os")).anyMatch(m -> m.contains("call of popen"));
        assertThat(hits).extracting(Hit::level).contains(Level.INJECTION);
    }

    @Test
    void lipsumGlobalsSubscript() throws ScanAbort {
        List<Hit> hits = check("{{ lipsum.__globals__['os'].popen('id').read() }}");
        assertThat(hits).extracting(Hit::message).anyMatch(m -> m.contains("subscript 'os' walks into module os"));
        assertThat(levels("{{ lipsum.__globals__['os'].popen('id').read() }}")).contains(Level.INJECTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ()|attr('_'*2 ~ 'class' ~ '_'*2)|attr('_'*2 ~ 'base' ~ '_'*2)|attr('_'*2 ~ 'subclasses' ~ '_'*2)() }}",
        "{% set a = '_'*2 ~ 'subcla' %}{% set b = a ~ 'sses' ~ 2*'_' %}{{ ()|attr(x)|attr(b)() }}",
        "{{ x|attr(['_','_','globals','_','_']|join) }}",
        "{{ x|attr('%c%cglobals%c%c'|format(95,95,95,95)) }}",
        "{{ x|attr('__slabolg__'[::-1]) }}",
        "{{ x|attr('__slabolg__'|reverse) }}",
        "{{ x|attr('{}globals{}'.format('__','__')) }}",
        "{{ x|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}",
        "{{ x|attr('__GLOBALS__'|lower) }}",
        "{{ x['__glo' 'bals__'] }}",
        "{{ x[('%s' % '__builtins__')] }}",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.__builtins__.eval('1+1') }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ config.__class__.__init__.__globals__['os'] }}",
        "{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}",
        "{{ x|attr('os')|attr('popen')('id') }}",
        "{{- '}}' ~ lipsum.__globals__ -}}",
    })
    void injectionPayloads(String template) throws ScanAbort {
        assertThat(levels(template)).as(template).contains(Level.INJECTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ''.__class__ }}",
        "{{ x|attr('_'*2 ~ 'class' ~ '_'*2) }}",
        "{{ x|attr(message.content) }}",
        "{{ x._private }}",
        "{{ dict(__class__=1) }}",
        "{% set n = '_'*2 ~ 'dict' ~ '_'*2 %}{{ n }}",
        "{% set n = '__dict__' %}{{ x|attr(n) }}",
        "{{ x['__init__'] }}",
        "{{ x.__getattribute__('a') }}",
    })
    void dunderAccess(String template) throws ScanAbort {
        assertThat(levels(template)).as(template).contains(Level.DUNDER).doesNotContain(Level.INJECTION);
    }

    @Test
    void aLoneDunderLiteralIsNotAFinding() throws ScanAbort {
        assertThat(check("{{ '__main__' }}{% if name == '__init__' %}x{% endif %}")).isEmpty();
    }

    @Test
    void bareVariablesNamedLikeModulesAreNotWalks() throws ScanAbort {
        assertThat(check("{% set sys = messages[0] %}{{ sys['content'] }}{{ roles['system'] }}{{ ns.system }}"))
                .isEmpty();
    }

    @Test
    void foldingStaysBounded() throws ScanAbort {
        assertThat(check("{{ '_' * 1000000000 ~ 'x' }}{{ ((((((((((((((((((((((((((((((((((((('a')))))))))))))))))))"
                + ")))))))))))))))))) }}{{ [" + "1,".repeat(5000) + "] }}")).isEmpty();
        assertThat(check("{{ " + "-".repeat(100_000) + "1 }}{{ " + "f(".repeat(50_000) + " }}{{ 'ab'[::-9223372036854775807]"
                + " ~ 'x' * 9223372036854775807 ~ 'y'[-9223372036854775808] }}")).isEmpty();
        assertThat(check("{{ x|attr('__ssalc__'[::-1]) }}{{ " + "(".repeat(40) + "'__glo' ~ 'bals__'" + ")".repeat(40)
                + " }}")).extracting(Hit::message).anyMatch(m -> m.contains("'__class__'"));
    }
}
