package org.mlgate.train.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The label column and its classes; class {@code i} of {@code classes} is encoded as {@code y = i}. */
public record Label(String name, List<String> classes, Origin origin) {
    public Label {
        Schema.checkName(name, "label");
        if (classes == null || classes.size() < 2) {
            throw new IllegalArgumentException("label '" + name + "': at least two classes are needed");
        }
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            if (c == null || !seen.add(c)) {
                throw new IllegalArgumentException("label '" + name + "': class '" + c + "' is null or repeats");
            }
        }
        classes = List.copyOf(classes);
        origin = origin == null ? Origin.DECLARED : origin;
    }

    public Label(String name, List<String> classes) {
        this(name, classes, Origin.DECLARED);
    }
}
