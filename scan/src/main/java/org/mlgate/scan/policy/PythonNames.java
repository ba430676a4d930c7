package org.mlgate.scan.policy;

import java.util.Map;

/**
 * The names CPython's unpickler rewrites for protocols below 3 ({@code fix_imports}, {@code _compat_pickle}):
 * first a (module, name) pair from NAME_MAPPING (so {@code __builtin__.reduce} is {@code functools.reduce} and
 * {@code urllib.urlretrieve} is {@code urllib.request.urlretrieve}), else the module from IMPORT_MAPPING. The
 * protocol is the one in force when the global is read (a PROTO may change it mid-stream). Both tables are
 * CPython 3.11.7's {@code Lib/_compat_pickle.py}, copied entry for entry (Python 3 reverse tables do not apply:
 * they are used only when pickling).
 */
public final class PythonNames {
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("BaseHTTPServer", "http.server"),
            Map.entry("CGIHTTPServer", "http.server"),
            Map.entry("ConfigParser", "configparser"),
            Map.entry("Cookie", "http.cookies"),
            Map.entry("Dialog", "tkinter.dialog"),
            Map.entry("DocXMLRPCServer", "xmlrpc.server"),
            Map.entry("FileDialog", "tkinter.filedialog"),
            Map.entry("HTMLParser", "html.parser"),
            Map.entry("Queue", "queue"),
            Map.entry("ScrolledText", "tkinter.scrolledtext"),
            Map.entry("SimpleDialog", "tkinter.simpledialog"),
            Map.entry("SimpleHTTPServer", "http.server"),
            Map.entry("SimpleXMLRPCServer", "xmlrpc.server"),
            Map.entry("SocketServer", "socketserver"),
            Map.entry("StringIO", "io"),
            Map.entry("Tix", "tkinter.tix"),
            Map.entry("Tkconstants", "tkinter.constants"),
            Map.entry("Tkdnd", "tkinter.dnd"),
            Map.entry("Tkinter", "tkinter"),
            Map.entry("UserDict", "collections"),
            Map.entry("UserList", "collections"),
            Map.entry("UserString", "collections"),
            Map.entry("__builtin__", "builtins"),
            Map.entry("_abcoll", "collections.abc"),
            Map.entry("_elementtree", "xml.etree.ElementTree"),
            Map.entry("_winreg", "winreg"),
            Map.entry("anydbm", "dbm"),
            Map.entry("cPickle", "pickle"),
            Map.entry("cStringIO", "io"),
            Map.entry("commands", "subprocess"),
            Map.entry("cookielib", "http.cookiejar"),
            Map.entry("copy_reg", "copyreg"),
            Map.entry("dbhash", "dbm.bsd"),
            Map.entry("dbm", "dbm.ndbm"),
            Map.entry("dumbdbm", "dbm.dumb"),
            Map.entry("dummy_thread", "_dummy_thread"),
            Map.entry("gdbm", "dbm.gnu"),
            Map.entry("htmlentitydefs", "html.entities"),
            Map.entry("httplib", "http.client"),
            Map.entry("markupbase", "_markupbase"),
            Map.entry("repr", "reprlib"),
            Map.entry("robotparser", "urllib.robotparser"),
            Map.entry("test.test_support", "test.support"),
            Map.entry("thread", "_thread"),
            Map.entry("tkColorChooser", "tkinter.colorchooser"),
            Map.entry("tkCommonDialog", "tkinter.commondialog"),
            Map.entry("tkFileDialog", "tkinter.filedialog"),
            Map.entry("tkFont", "tkinter.font"),
            Map.entry("tkMessageBox", "tkinter.messagebox"),
            Map.entry("tkSimpleDialog", "tkinter.simpledialog"),
            Map.entry("ttk", "tkinter.ttk"),
            Map.entry("urllib2", "urllib.request"),
            Map.entry("urlparse", "urllib.parse"),
            Map.entry("whichdb", "dbm"),
            Map.entry("xmlrpclib", "xmlrpc.client"));

    /** NAME_MAPPING, keyed "module\u0000name". */
    private static final Map<String, Global> NAMES = Map.ofEntries(
            Map.entry("UserDict\u0000IterableUserDict", new Global("collections", "UserDict")),
            Map.entry("UserDict\u0000UserDict", new Global("collections", "UserDict")),
            Map.entry("UserList\u0000UserList", new Global("collections", "UserList")),
            Map.entry("UserString\u0000UserString", new Global("collections", "UserString")),
            Map.entry("__builtin__\u0000basestring", new Global("builtins", "str")),
            Map.entry("__builtin__\u0000intern", new Global("sys", "intern")),
            Map.entry("__builtin__\u0000long", new Global("builtins", "int")),
            Map.entry("__builtin__\u0000reduce", new Global("functools", "reduce")),
            Map.entry("__builtin__\u0000unichr", new Global("builtins", "chr")),
            Map.entry("__builtin__\u0000unicode", new Global("builtins", "str")),
            Map.entry("__builtin__\u0000xrange", new Global("builtins", "range")),
            Map.entry("_multiprocessing\u0000Connection", new Global("multiprocessing.connection", "Connection")),
            Map.entry("_socket\u0000fromfd", new Global("socket", "fromfd")),
            Map.entry("exceptions\u0000ArithmeticError", new Global("builtins", "ArithmeticError")),
            Map.entry("exceptions\u0000AssertionError", new Global("builtins", "AssertionError")),
            Map.entry("exceptions\u0000AttributeError", new Global("builtins", "AttributeError")),
            Map.entry("exceptions\u0000BaseException", new Global("builtins", "BaseException")),
            Map.entry("exceptions\u0000BufferError", new Global("builtins", "BufferError")),
            Map.entry("exceptions\u0000BytesWarning", new Global("builtins", "BytesWarning")),
            Map.entry("exceptions\u0000DeprecationWarning", new Global("builtins", "DeprecationWarning")),
            Map.entry("exceptions\u0000EOFError", new Global("builtins", "EOFError")),
            Map.entry("exceptions\u0000EnvironmentError", new Global("builtins", "EnvironmentError")),
            Map.entry("exceptions\u0000Exception", new Global("builtins", "Exception")),
            Map.entry("exceptions\u0000FloatingPointError", new Global("builtins", "FloatingPointError")),
            Map.entry("exceptions\u0000FutureWarning", new Global("builtins", "FutureWarning")),
            Map.entry("exceptions\u0000GeneratorExit", new Global("builtins", "GeneratorExit")),
            Map.entry("exceptions\u0000IOError", new Global("builtins", "IOError")),
            Map.entry("exceptions\u0000ImportError", new Global("builtins", "ImportError")),
            Map.entry("exceptions\u0000ImportWarning", new Global("builtins", "ImportWarning")),
            Map.entry("exceptions\u0000IndentationError", new Global("builtins", "IndentationError")),
            Map.entry("exceptions\u0000IndexError", new Global("builtins", "IndexError")),
            Map.entry("exceptions\u0000KeyError", new Global("builtins", "KeyError")),
            Map.entry("exceptions\u0000KeyboardInterrupt", new Global("builtins", "KeyboardInterrupt")),
            Map.entry("exceptions\u0000LookupError", new Global("builtins", "LookupError")),
            Map.entry("exceptions\u0000MemoryError", new Global("builtins", "MemoryError")),
            Map.entry("exceptions\u0000NameError", new Global("builtins", "NameError")),
            Map.entry("exceptions\u0000NotImplementedError", new Global("builtins", "NotImplementedError")),
            Map.entry("exceptions\u0000OSError", new Global("builtins", "OSError")),
            Map.entry("exceptions\u0000OverflowError", new Global("builtins", "OverflowError")),
            Map.entry("exceptions\u0000PendingDeprecationWarning", new Global("builtins", "PendingDeprecationWarning")),
            Map.entry("exceptions\u0000ReferenceError", new Global("builtins", "ReferenceError")),
            Map.entry("exceptions\u0000RuntimeError", new Global("builtins", "RuntimeError")),
            Map.entry("exceptions\u0000RuntimeWarning", new Global("builtins", "RuntimeWarning")),
            Map.entry("exceptions\u0000StandardError", new Global("builtins", "Exception")),
            Map.entry("exceptions\u0000StopIteration", new Global("builtins", "StopIteration")),
            Map.entry("exceptions\u0000SyntaxError", new Global("builtins", "SyntaxError")),
            Map.entry("exceptions\u0000SyntaxWarning", new Global("builtins", "SyntaxWarning")),
            Map.entry("exceptions\u0000SystemError", new Global("builtins", "SystemError")),
            Map.entry("exceptions\u0000SystemExit", new Global("builtins", "SystemExit")),
            Map.entry("exceptions\u0000TabError", new Global("builtins", "TabError")),
            Map.entry("exceptions\u0000TypeError", new Global("builtins", "TypeError")),
            Map.entry("exceptions\u0000UnboundLocalError", new Global("builtins", "UnboundLocalError")),
            Map.entry("exceptions\u0000UnicodeDecodeError", new Global("builtins", "UnicodeDecodeError")),
            Map.entry("exceptions\u0000UnicodeEncodeError", new Global("builtins", "UnicodeEncodeError")),
            Map.entry("exceptions\u0000UnicodeError", new Global("builtins", "UnicodeError")),
            Map.entry("exceptions\u0000UnicodeTranslateError", new Global("builtins", "UnicodeTranslateError")),
            Map.entry("exceptions\u0000UnicodeWarning", new Global("builtins", "UnicodeWarning")),
            Map.entry("exceptions\u0000UserWarning", new Global("builtins", "UserWarning")),
            Map.entry("exceptions\u0000ValueError", new Global("builtins", "ValueError")),
            Map.entry("exceptions\u0000Warning", new Global("builtins", "Warning")),
            Map.entry("exceptions\u0000ZeroDivisionError", new Global("builtins", "ZeroDivisionError")),
            Map.entry("itertools\u0000ifilter", new Global("builtins", "filter")),
            Map.entry("itertools\u0000ifilterfalse", new Global("itertools", "filterfalse")),
            Map.entry("itertools\u0000imap", new Global("builtins", "map")),
            Map.entry("itertools\u0000izip", new Global("builtins", "zip")),
            Map.entry("itertools\u0000izip_longest", new Global("itertools", "zip_longest")),
            Map.entry("multiprocessing\u0000AuthenticationError", new Global("multiprocessing.context", "AuthenticationError")),
            Map.entry("multiprocessing\u0000BufferTooShort", new Global("multiprocessing.context", "BufferTooShort")),
            Map.entry("multiprocessing\u0000ProcessError", new Global("multiprocessing.context", "ProcessError")),
            Map.entry("multiprocessing\u0000TimeoutError", new Global("multiprocessing.context", "TimeoutError")),
            Map.entry("multiprocessing.forking\u0000Popen", new Global("multiprocessing.popen_fork", "Popen")),
            Map.entry("multiprocessing.process\u0000Process", new Global("multiprocessing.context", "Process")),
            Map.entry("socket\u0000_socketobject", new Global("socket", "SocketType")),
            Map.entry("urllib\u0000ContentTooShortError", new Global("urllib.error", "ContentTooShortError")),
            Map.entry("urllib\u0000getproxies", new Global("urllib.request", "getproxies")),
            Map.entry("urllib\u0000pathname2url", new Global("urllib.request", "pathname2url")),
            Map.entry("urllib\u0000quote", new Global("urllib.parse", "quote")),
            Map.entry("urllib\u0000quote_plus", new Global("urllib.parse", "quote_plus")),
            Map.entry("urllib\u0000unquote", new Global("urllib.parse", "unquote")),
            Map.entry("urllib\u0000unquote_plus", new Global("urllib.parse", "unquote_plus")),
            Map.entry("urllib\u0000url2pathname", new Global("urllib.request", "url2pathname")),
            Map.entry("urllib\u0000urlcleanup", new Global("urllib.request", "urlcleanup")),
            Map.entry("urllib\u0000urlencode", new Global("urllib.parse", "urlencode")),
            Map.entry("urllib\u0000urlopen", new Global("urllib.request", "urlopen")),
            Map.entry("urllib\u0000urlretrieve", new Global("urllib.request", "urlretrieve")),
            Map.entry("urllib2\u0000HTTPError", new Global("urllib.error", "HTTPError")),
            Map.entry("urllib2\u0000URLError", new Global("urllib.error", "URLError")),
            Map.entry("whichdb\u0000whichdb", new Global("dbm", "whichdb")));

    private PythonNames() {
    }

    /** The global the unpickler would import for {@code module.name} under {@code protocol}. */
    public static Global fix(String module, String name, int protocol) {
        if (protocol >= 3) {
            return new Global(module, name);
        }
        Global renamed = NAMES.get(module + "\u0000" + name);
        if (renamed != null) {
            return renamed;
        }
        return new Global(MODULES.getOrDefault(module, module), name);
    }
}
