package org.mlgate.sign.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a bundle file's bytes, strictly: the size is bounded, the JSON must be one object with the fields
 * Sigstore bundle v0.3 defines for a DSSE bundle (unknown top-level and envelope fields are rejected, as the
 * OMS schema does), exactly one kind of verification material, a payload type, a non-empty payload and at
 * least one signature. Failures are {@link BundleFormatException}s naming the field.
 */
public final class BundleParser {
    /** The largest bundle read: 64 MiB (a manifest of several hundred thousand files). */
    public static final int MAX_BUNDLE_BYTES = 64 << 20;
    /** Signatures per envelope, certificates per chain, log entries: generous but bounded. */
    static final int MAX_ITEMS = 16;

    private static final Pattern MEDIA_TYPE =
            Pattern.compile("application/vnd\\.dev\\.sigstore\\.bundle(\\.v0\\.3\\+json|\\+json;version=0\\.3)");

    private BundleParser() {
    }

    public static Bundle parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new BundleFormatException("bundle: empty file");
        }
        if (bytes.length > MAX_BUNDLE_BYTES) {
            throw new BundleFormatException("bundle: " + bytes.length + " bytes, more than the limit of "
                    + MAX_BUNDLE_BYTES);
        }
        JsonNode root;
        try {
            root = Json.READER.readTree(bytes);
        } catch (JacksonException e) {
            throw new BundleFormatException("bundle: not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BundleFormatException("bundle: cannot be read as JSON (" + e.getMessage() + ")", e);
        }
        ObjectNode top = Fields.object(root, "bundle");
        Fields.only(top, Set.of("mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature"), "bundle");
        String mediaType = Fields.string(top, "mediaType", "bundle");
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new BundleFormatException("bundle.mediaType: '" + mediaType + "' is not a Sigstore bundle v0.3");
        }
        if (top.has("messageSignature")) {
            throw new BundleFormatException("bundle.messageSignature: a message signature, not a DSSE envelope");
        }
        Bundle.VerificationMaterial material = material(Fields.object(top.get("verificationMaterial"),
                "bundle.verificationMaterial"));
        Bundle.Envelope envelope = envelope(Fields.object(top.get("dsseEnvelope"), "bundle.dsseEnvelope"));
        return new Bundle(mediaType, material, envelope);
    }

    private static Bundle.VerificationMaterial material(ObjectNode vm) {
        String path = "bundle.verificationMaterial";
        Fields.only(vm, Set.of("publicKey", "x509CertificateChain", "certificate", "tlogEntries",
                "timestampVerificationData"), path);
        int kinds = (vm.has("publicKey") ? 1 : 0) + (vm.has("x509CertificateChain") ? 1 : 0)
                + (vm.has("certificate") ? 1 : 0);
        if (kinds != 1) {
            throw new BundleFormatException(path + ": expected exactly one of publicKey, x509CertificateChain or "
                    + "certificate, found " + kinds);
        }
        int tlog = 0;
        if (vm.has("tlogEntries") && !vm.get("tlogEntries").isNull()) {
            JsonNode t = Fields.array(vm, "tlogEntries", path);
            if (t.size() > MAX_ITEMS) {
                throw new BundleFormatException(path + ".tlogEntries: more than " + MAX_ITEMS + " entries");
            }
            tlog = t.size();
        }
        if (vm.has("publicKey")) {
            String p = path + ".publicKey";
            ObjectNode pk = Fields.object(vm.get("publicKey"), p);
            String hint = Fields.optionalString(pk, "hint", p);
            byte[] raw = pk.has("rawBytes") && !pk.get("rawBytes").isNull() ? Fields.base64(pk, "rawBytes", p) : null;
            if ((hint == null || hint.isEmpty()) && (raw == null || raw.length == 0)) {
                throw new BundleFormatException(p + ": neither a hint nor rawBytes");
            }
            return new Bundle.PublicKeyRef(hint == null || hint.isEmpty() ? null : hint, raw);
        }
        if (vm.has("x509CertificateChain")) {
            String p = path + ".x509CertificateChain";
            ObjectNode chain = Fields.object(vm.get("x509CertificateChain"), p);
            JsonNode certs = Fields.array(chain, "certificates", p);
            if (certs.isEmpty()) {
                throw new BundleFormatException(p + ".certificates: empty");
            }
            if (certs.size() > MAX_ITEMS) {
                throw new BundleFormatException(p + ".certificates: more than " + MAX_ITEMS + " certificates");
            }
            List<byte[]> der = new ArrayList<>();
            for (int i = 0; i < certs.size(); i++) {
                String cp = p + ".certificates[" + i + "]";
                byte[] b = Fields.base64(Fields.object(certs.get(i), cp), "rawBytes", cp);
                if (b.length == 0) {
                    throw new BundleFormatException(cp + ".rawBytes: empty");
                }
                der.add(b);
            }
            return new Bundle.CertificateChain(der);
        }
        String p = path + ".certificate";
        byte[] cert = Fields.base64(Fields.object(vm.get("certificate"), p), "rawBytes", p);
        if (tlog == 0) {
            throw new BundleFormatException(path + ".tlogEntries: a Sigstore (Fulcio certificate) bundle needs at "
                    + "least one transparency-log entry");
        }
        return new Bundle.Keyless(cert, tlog);
    }

    private static Bundle.Envelope envelope(ObjectNode env) {
        String path = "bundle.dsseEnvelope";
        Fields.only(env, Set.of("payload", "payloadType", "signatures"), path);
        String payloadType = Fields.string(env, "payloadType", path);
        byte[] payload = Fields.base64(env, "payload", path);
        if (payload.length == 0) {
            throw new BundleFormatException(path + ".payload: empty");
        }
        JsonNode sigs = Fields.array(env, "signatures", path);
        if (sigs.isEmpty()) {
            throw new BundleFormatException(path + ".signatures: no signature");
        }
        if (sigs.size() > MAX_ITEMS) {
            throw new BundleFormatException(path + ".signatures: more than " + MAX_ITEMS + " signatures");
        }
        List<Bundle.Signature> out = new ArrayList<>();
        for (int i = 0; i < sigs.size(); i++) {
            String sp = path + ".signatures[" + i + "]";
            ObjectNode s = Fields.object(sigs.get(i), sp);
            Fields.only(s, Set.of("sig", "keyid"), sp);
            byte[] sig = Fields.base64(s, "sig", sp);
            if (sig.length == 0) {
                throw new BundleFormatException(sp + ".sig: empty");
            }
            out.add(new Bundle.Signature(sig, Fields.optionalString(s, "keyid", sp)));
        }
        return new Bundle.Envelope(payloadType, payload, out);
    }
}
