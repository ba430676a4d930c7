package org.mlgate.scan.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The profiles and denylist shipped with mlgate; all built-in profiles are active by default. */
public final class BuiltinProfiles {
    /** Bumped whenever a built-in profile, the denylist or a rule changes. */
    public static final String RULE_PACK_VERSION = "2026.12.1";
    private static final String BASE = "/org/mlgate/scan/profiles/";
    private static final List<String> NAMES = List.of("python-core", "pytorch", "numpy", "scikit-learn", "huggingface");
    private static final List<Profile> PROFILES = loadProfiles();
    private static final List<DenyRule> DENYLIST = loadDenylist();

    private BuiltinProfiles() {
    }

    public static List<Profile> all() {
        return PROFILES;
    }

    public static List<DenyRule> denylist() {
        return DENYLIST;
    }

    private static List<Profile> loadProfiles() {
        List<Profile> out = new ArrayList<>();
        for (String n : NAMES) {
            try (InputStream in = open(n + ".json")) {
                out.add(ProfileFiles.parse(in, "builtin:" + n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(out);
    }

    private static List<DenyRule> loadDenylist() {
        try (InputStream in = open("denylist.json")) {
            return ProfileFiles.parseDenylist(in, "builtin:denylist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = BuiltinProfiles.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException("built-in resource missing: " + BASE + name);
        }
        return in;
    }
}
