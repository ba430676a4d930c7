package org.mlgate.scan.policy;

import java.util.Map;

/**
 * Python 2 module names that CPython's unpickler maps to Python 3 ones for protocols below 3
 * ({@code fix_imports}), so that "__builtin__.eval" is judged as "builtins.eval".
 */
public final class PythonNames {
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("__builtin__", "builtins"),
            Map.entry("exceptions", "builtins"),
            Map.entry("copy_reg", "copyreg"),
            Map.entry("cPickle", "pickle"),
            Map.entry("commands", "subprocess"),
            Map.entry("UserDict", "collections"),
            Map.entry("UserList", "collections"),
            Map.entry("UserString", "collections"),
            Map.entry("Queue", "queue"),
            Map.entry("thread", "_thread"),
            Map.entry("dummy_thread", "_dummy_thread"),
            Map.entry("urllib2", "urllib.request"),
            Map.entry("urlparse", "urllib.parse"),
            Map.entry("httplib", "http.client"),
            Map.entry("SocketServer", "socketserver"),
            Map.entry("SimpleHTTPServer", "http.server"),
            Map.entry("CGIHTTPServer", "http.server"),
            Map.entry("BaseHTTPServer", "http.server"),
            Map.entry("xmlrpclib", "xmlrpc.client"),
            Map.entry("cStringIO", "io"),
            Map.entry("StringIO", "io"),
            Map.entry("__main__", "__main__"),
            Map.entry("_winreg", "winreg"),
            Map.entry("anydbm", "dbm"),
            Map.entry("dbhash", "dbm.bsd"),
            Map.entry("whichdb", "dbm"),
            Map.entry("cookielib", "http.cookiejar"),
            Map.entry("Cookie", "http.cookies"),
            Map.entry("ftplib", "ftplib"),
            Map.entry("robotparser", "urllib.robotparser"),
            Map.entry("Tkinter", "tkinter"),
            Map.entry("sha", "hashlib"),
            Map.entry("md5", "hashlib"));

    private PythonNames() {
    }

    /** The module name the unpickler would import. */
    public static String fixModule(String module, int protocol) {
        if (protocol >= 3) {
            return module;
        }
        return MODULES.getOrDefault(module, module);
    }
}
