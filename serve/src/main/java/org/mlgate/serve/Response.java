package org.mlgate.serve;

import java.util.Map;

/** An HTTP answer as the core decides it: status, extra headers, a JSON body. The front only copies it out. */
public record Response(int status, Map<String, String> headers, byte[] body) {
    public Response {
        headers = Map.copyOf(headers);
    }
}
