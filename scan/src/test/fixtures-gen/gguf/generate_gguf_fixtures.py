#!/usr/bin/python3
"""Writes the GGUF fixtures under scan/src/test/resources/fixtures-gguf/ and their MANIFEST.tsv.

GGUF files are written byte by byte with struct, laid out as llama.cpp's gguf writer lays them out
(little-endian, tensor data aligned and padded to general.alignment). Broken and suspicious files
change one thing each. Every template is parsed with Jinja2 (Debian's python3-jinja2) to prove it is a
real template; the benign ones are also rendered in Jinja2's ImmutableSandboxedEnvironment, as
transformers renders chat templates. Malicious templates are only parsed, never rendered.

Usage: /usr/bin/python3 scan/src/test/fixtures-gen/gguf/generate_gguf_fixtures.py
"""
import os
import shutil
import struct

import jinja2
import jinja2.sandbox

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "fixtures-gguf")

UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
# ggml type id -> (elements per block, bytes per block), from ggml's type_traits
GGML = {0: (1, 4), 1: (1, 2), 8: (32, 34), 12: (256, 144), 14: (256, 210), 23: (256, 136), 30: (1, 2)}

CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
          "{% endif %}")
LLAMA3 = ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
          "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + "
          "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
          "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
          "{% endif %}")
GEMMA = ("{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
         "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
         "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
         "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
         "{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
         "{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}")
TOOLS = ("{%- set ns = namespace(found=false, system='') -%}{%- for message in messages -%}"
         "{%- if message.role == 'system' -%}{%- set ns.system = ns.system + message.content.strip() -%}"
         "{%- set ns.found = true -%}{%- endif -%}{%- endfor -%}{{- ns.system -}}"
         "{%- for m in messages if m.role != 'system' -%}{{ '%s: %s\\n'|format(m.role, m.content) }}{%- endfor -%}"
         "{% if tools is defined and tools %}{{ tools | map(attribute='function') | list | tojson }}{% endif %}")
PROSE = ("{# a template for a Python tutor: never walk ''.__class__.__mro__ or cycler.__init__.__globals__ #}"
         "You explain Python internals such as __class__, __globals__ and os.popen('id') in prose only.\n"
         "{% raw %}Example: {{ ''.__class__.__subclasses__() }}{% endraw %}\n"
         "{{ 'Objects have __class__ and __dict__; os.system(\"ls\") would run a shell.' }}"
         "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }}\n{% endfor %}")

SUBCLASSES = "{{ ''.__class__.__mro__[1].__subclasses__() }}" + CHATML
CYCLER = "{{ cycler.__init__.__globals__.os.popen('id').read() }}" + CHATML
ATTR_CONCAT = ("{% set c = '_'*2 ~ 'class' ~ '_'*2 %}{{ ()|attr(c)|attr('_'*2 ~ 'base' ~ '_'*2)"
               "|attr('_'*2 ~ 'subclasses' ~ '_'*2)() }}" + CHATML)
ATTR_CLASS_ONLY = "{{ messages|attr('_'*2 ~ 'class' ~ '_'*2) }}" + CHATML
LIPSUM = "{{ lipsum.__globals__['os'].popen('id').read() }}" + CHATML
ESCAPED = "{{ request|attr('application')|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}" + CHATML
JOINED = "{{ namespace|attr(['_','_','init','_','_']|join)|attr('__slabolg__'|reverse) }}" + CHATML
RAG_PAYLOAD = "{{ joiner.__init__.__globals__.__builtins__.eval('__import__(\"os\").system(\"id\")') }}"

MESSAGES = [{"role": "user", "content": " hello "}, {"role": "assistant", "content": "hi"},
            {"role": "user", "content": "bye"}]


class Gguf:
    """A GGUF file: metadata entries and tensors, written like llama.cpp's writer."""

    def __init__(self, version=3, alignment=32):
        self.version = version
        self.alignment = alignment
        self.kv = []
        self.tensors = []

    def n(self, v):
        return struct.pack("<I" if self.version == 1 else "<Q", v)

    def s(self, text):
        b = text.encode("utf-8")
        return self.n(len(b)) + b

    def add(self, key, vtype, raw):
        self.kv.append(self.s(key) + struct.pack("<I", vtype) + raw)
        return self

    def str(self, key, value):
        return self.add(key, STRING, self.s(value))

    def u32(self, key, value):
        return self.add(key, UINT32, struct.pack("<I", value))

    def f32(self, key, value):
        return self.add(key, FLOAT32, struct.pack("<f", value))

    def strings(self, key, values):
        return self.add(key, ARRAY, struct.pack("<I", STRING) + self.n(len(values))
                        + b"".join(self.s(v) for v in values))

    def floats(self, key, values):
        return self.add(key, ARRAY, struct.pack("<I", FLOAT32) + self.n(len(values))
                        + b"".join(struct.pack("<f", v) for v in values))

    def tensor(self, name, gtype, dims, offset=None):
        self.tensors.append((name, gtype, dims, offset))
        return self

    def pad(self, n):
        return (n + self.alignment - 1) // self.alignment * self.alignment

    def build(self, data_bytes=None):
        out = bytearray(b"GGUF" + struct.pack("<I", self.version) + self.n(len(self.tensors)) + self.n(len(self.kv)))
        for e in self.kv:
            out += e
        nxt, end = 0, 0
        blobs = []
        for name, gtype, dims, offset in self.tensors:
            block, size = GGML[gtype]
            rows = 1
            for d in dims[1:]:
                rows *= d
            nbytes = dims[0] // block * size * rows
            off = nxt if offset is None else offset
            out += self.s(name) + struct.pack("<I", len(dims)) + b"".join(self.n(d) for d in dims)
            out += struct.pack("<I", gtype) + struct.pack("<Q", off)
            blobs.append((off, bytes((i * 7 + len(name)) & 0xFF for i in range(nbytes))))
            nxt = self.pad(off + nbytes)
            end = max(end, nxt)
        out += b"\0" * (self.pad(len(out)) - len(out))
        if self.tensors:
            data = bytearray(end if data_bytes is None else data_bytes)
            for off, blob in blobs:
                data[off:off + len(blob)] = blob[:max(0, len(data) - off)]
            out += data
        return bytes(out)


def model(template=None, version=3, alignment=None, extra=None):
    g = Gguf(version, alignment or 32)
    g.str("general.architecture", "llama").str("general.name", "tiny-test")
    if alignment:
        g.u32("general.alignment", alignment)
    g.u32("llama.context_length", 2048).u32("llama.embedding_length", 8).f32("llama.rope.freq_base", 10000.0)
    g.str("tokenizer.ggml.model", "llama")
    g.strings("tokenizer.ggml.tokens", ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "hello", "world"])
    g.floats("tokenizer.ggml.scores", [0.0, 0.0, 0.0, -1.0, -1.0, -2.5, -3.0])
    g.u32("tokenizer.ggml.bos_token_id", 1).u32("tokenizer.ggml.eos_token_id", 2)
    if template is not None:
        g.str("tokenizer.chat_template", template)
    for key, value in (extra or {}).items():
        g.str(key, value)
    g.tensor("token_embd.weight", 0, [8, 7]).tensor("blk.0.attn_q.weight", 8, [64, 8])
    g.tensor("output_norm.weight", 1, [8])
    return g


ROWS = []


def write(path, data, expected, rules, description):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    ROWS.append((path, expected, ",".join(rules) or "-", description))


def check_templates():
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    env.globals["raise_exception"] = raise_exception
    for t in (CHATML, LLAMA3, GEMMA, TOOLS, PROSE):
        env.from_string(t).render(messages=MESSAGES, add_generation_prompt=True,
                                  bos_token="<s>", eos_token="</s>", tools=[{"function": {"name": "f"}}])
    for t in (SUBCLASSES, CYCLER, ATTR_CONCAT, ATTR_CLASS_ONLY, LIPSUM, ESCAPED, JOINED, RAG_PAYLOAD):
        env.parse(t)  # valid Jinja; never rendered


def main():
    check_templates()
    for d in ("benign", "malicious", "suspicious", "broken"):
        shutil.rmtree(os.path.join(ROOT, d), ignore_errors=True)
    info = ["MLG-GGUF-003"]
    write("benign/tiny_chatml.gguf", model(CHATML).build(), "SAFE", info,
          "llama-style model, ChatML template, F32/Q8_0/F16 tensors")
    write("benign/llama3_template.gguf", model(LLAMA3).build(), "SAFE", info, "Llama-3 chat template")
    write("benign/gemma_and_named_tool_template.gguf",
          model(GEMMA, extra={"tokenizer.chat_template.tool_use": TOOLS}).build(), "SAFE", info,
          "Gemma template with raise_exception/loop.index0/trim, plus a named tool_use template using namespace(), "
          ".strip(), format and map(attribute=...)")
    write("benign/prose_mentions_dunders.gguf", model(PROSE).build(), "SAFE", info,
          "template whose text, comment, raw block and a string literal mention __class__/__globals__/os.popen")
    write("benign/version1.gguf", model(CHATML, version=1).build(), "SAFE", info,
          "GGUF version 1 (32-bit counts and lengths)")
    g = Gguf(2)
    g.str("general.architecture", "llama").str("tokenizer.ggml.model", "gpt2")
    g.strings("tokenizer.ggml.tokens", ["a", "b", "c"])
    write("benign/vocab_only_v2.gguf", g.build(), "SAFE", [], "vocabulary-only GGUF v2: no tensors, no template")
    g = model(CHATML, alignment=64)
    g.tensor("blk.0.ffn_up.weight", 12, [256, 2]).tensor("blk.0.ffn_down.weight", 14, [512, 1])
    g.tensor("blk.0.attn_v.weight", 23, [256, 1]).tensor("blk.0.attn_k.weight", 30, [16, 3])
    write("benign/k_quants_alignment64.gguf", g.build(), "SAFE", info,
          "Q4_K, Q6_K, IQ4_XS and BF16 tensors with general.alignment 64")

    crit = ["MLG-GGUF-001", "MLG-GGUF-003"]
    write("malicious/template_subclasses_walk.gguf", model(SUBCLASSES).build(), "UNSAFE",
          crit + ["MLG-GGUF-002"], "''.__class__.__mro__[1].__subclasses__() before a ChatML template")
    write("malicious/template_cycler_globals_popen.gguf", model(CYCLER).build(), "UNSAFE", crit,
          "cycler.__init__.__globals__.os.popen('id').read()")
    write("malicious/template_attr_concat_dunder.gguf", model(ATTR_CONCAT).build(), "UNSAFE", crit,
          "|attr() with '_'*2 ~ 'class' ~ '_'*2 (through a set variable), then __base__ and __subclasses__")
    write("malicious/template_attr_class_only.gguf", model(ATTR_CLASS_ONLY).build(), "UNSAFE",
          ["MLG-GGUF-002", "MLG-GGUF-003"], "|attr('_'*2 ~ 'class' ~ '_'*2): dunder access without a walk further")
    write("malicious/template_lipsum_globals_os.gguf", model(LIPSUM).build(), "UNSAFE", crit,
          "lipsum.__globals__['os'].popen('id').read()")
    write("malicious/template_escaped_globals.gguf", model(ESCAPED).build(), "UNSAFE", crit,
          "request|attr('\\x5f\\x5fglobals\\x5f\\x5f'): the name hidden in string escapes")
    write("malicious/template_join_reverse.gguf", model(JOINED).build(), "UNSAFE", crit,
          "namespace|attr(['_','_','init','_','_']|join)|attr('__slabolg__'|reverse)")
    write("malicious/template_in_named_variant.gguf",
          model(CHATML, extra={"tokenizer.chat_template.rag": RAG_PAYLOAD}).build(), "UNSAFE", crit,
          "benign default template, payload in tokenizer.chat_template.rag (joiner globals, builtins.eval)")

    g = model(CHATML)
    g.tensors[1] = ("blk.0.attn_q.weight", 8, [64, 8], 232)
    write("suspicious/misaligned_tensor_data.gguf", g.build(), "SAFE", ["MLG-GGUF-004"],
          "a tensor at data offset 232, not a multiple of the alignment 32 (llama.cpp refuses it)")
    g = model(CHATML)
    g.tensor("blk.0.ffn_gate.weight", 8, [40, 2])
    write("suspicious/partial_quant_block.gguf", g.build(data_bytes=960), "SAFE", ["MLG-GGUF-004"],
          "Q8_0 tensor whose first dimension 40 is not a multiple of the block size 32")
    write("suspicious/trailing_bytes.gguf", model(CHATML).build() + b"PK\x03\x04" + b"\0" * 60, "SAFE",
          ["MLG-GGUF-004"], "64 bytes after the last tensor's data that no tensor refers to")

    whole = model(CHATML).build()
    write("broken/gguf_truncated_header.gguf", whole[:14], "ERROR", [], "GGUF v3 cut inside the tensor count")
    write("broken/gguf_bad_version.gguf", b"GGUF" + struct.pack("<I", 4) + whole[8:], "ERROR", [],
          "version 4")
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, 1)
    write("broken/gguf_string_past_eof.gguf", header + struct.pack("<Q", 1 << 20) + b"general.architecture",
          "ERROR", [], "first key's length is 1 MiB, the file ends after 20 bytes of it")
    g = Gguf()
    g.add("tokenizer.ggml.scores", ARRAY, struct.pack("<IQ", FLOAT32, 1 << 40))
    write("broken/gguf_huge_array_count.gguf", g.build(), "ERROR", [], "float32 array claiming 2^40 elements")
    g = model(CHATML)
    g.tensor("blk.0.ffn_up.weight", 0, [8, 8], 1 << 30)
    write("broken/gguf_tensor_offset_past_eof.gguf", g.build(data_bytes=384), "ERROR", [],
          "a tensor whose data offset is 1 GiB into a 1 KiB file")
    nested = b"".join(struct.pack("<IQ", ARRAY, 1) for _ in range(12)) + struct.pack("<IQ", UINT8, 0)
    g = Gguf()
    g.add("general.nested", ARRAY, nested)
    write("broken/gguf_nested_arrays_too_deep.gguf", g.build(), "ERROR", [], "arrays nested 13 levels deep")
    g = model(CYCLER)
    g.tensor("blk.0.ffn_up.weight", 0, [8, 8], 1 << 30)
    write("broken/gguf_payload_then_truncated.gguf", g.build(data_bytes=384), "UNSAFE", crit,
          "malicious template, then tensor data past the end: the finding is kept, the problem too")

    ROWS.sort()
    with open(os.path.join(ROOT, "MANIFEST.tsv"), "w") as f:
        f.write("path\texpected\trules\tdescription\n")
        for row in ROWS:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(ROWS)} fixtures to {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    main()
