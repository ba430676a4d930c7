package org.mlgate.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Name and version of this build, read from a resource the build filters. */
public record ToolInfo(String name, String version) {
    public static ToolInfo current() {
        Properties p = new Properties();
        try (InputStream in = ToolInfo.class.getResourceAsStream("/org/mlgate/core/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's version resource", e);
        }
        return new ToolInfo("mlgate", p.getProperty("version", "unknown"));
    }
}
