package org.mlgate.scan.container;

import java.util.List;

/**
 * torch.package archives ({@code PackageExporter}): a zip with {@code <root>/.data/version} (and
 * {@code extern_modules}) whose Python source members are imported, that is run, by
 * {@code PackageImporter} when the package's pickles are loaded. Every {@code .py} member is such code.
 */
final class TorchPackageLayout {
    private TorchPackageLayout() {
    }

    /** Whether the entries hold torch.package's {@code .data/} marker at the root or one folder down. */
    static boolean isPackage(List<ZipEntry> entries) {
        for (ZipEntry e : entries) {
            String n = e.name();
            int data = n.indexOf(".data/");
            if (data >= 0 && (data == 0 || (n.charAt(data - 1) == '/' && n.indexOf('/') == data - 1))
                    && (n.endsWith(".data/version") || n.endsWith(".data/extern_modules"))) {
                return true;
            }
        }
        return false;
    }

    /** The Python source members a PackageImporter would execute on import. */
    static List<ZipEntry> sourceMembers(List<ZipEntry> entries) {
        return entries.stream().filter(e -> !e.isDirectory() && (e.name().endsWith(".py") || e.name().endsWith(".pyc")))
                .toList();
    }
}
