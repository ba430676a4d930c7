package org.mlgate.cli;

import org.mlgate.core.ToolInfo;
import org.mlgate.scan.policy.BuiltinProfiles;
import picocli.CommandLine;

/** {@code --version}: the build, the rule pack and the Java runtime. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        ToolInfo tool = ToolInfo.current();
        return new String[] {
            tool.name() + " " + tool.version(),
            "rule pack " + BuiltinProfiles.RULE_PACK_VERSION,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
        };
    }
}
