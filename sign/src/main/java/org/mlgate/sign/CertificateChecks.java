package org.mlgate.sign;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mlgate.sign.VerificationFailure.Check;

/**
 * Validates a bundle's certificate chain (leaf first, then intermediates) against trust anchors with the
 * JDK's PKIX validator at a given instant, revocation not checked (no network). Validity is checked for
 * every certificate in the chain; the leaf, when it restricts its use, must allow digital signatures and
 * code signing.
 */
final class CertificateChecks {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EKU = "2.5.29.37.0";

    private CertificateChecks() {
    }

    static void validate(List<X509Certificate> chain, List<X509Certificate> anchors, Date at) {
        X509Certificate leaf = chain.getFirst();
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(at);
            } catch (CertificateExpiredException e) {
                throw new VerificationFailure(Check.CERTIFICATE_EXPIRED, "certificate " + c.getSubjectX500Principal()
                        + " expired on " + c.getNotAfter().toInstant() + " (checked at " + at.toInstant() + ")");
            } catch (CertificateNotYetValidException e) {
                throw new VerificationFailure(Check.CERTIFICATE_NOT_YET_VALID, "certificate "
                        + c.getSubjectX500Principal() + " is valid only from " + c.getNotBefore().toInstant()
                        + " (checked at " + at.toInstant() + ")");
            }
        }
        Set<TrustAnchor> trust = new HashSet<>();
        anchors.forEach(a -> trust.add(new TrustAnchor(a, null)));
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (!anchors.contains(c)) { // a bundle that also carries the root: the root is the anchor, not the path
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "the bundle's signing certificate "
                    + leaf.getSubjectX500Principal() + " is itself a trust anchor; a leaf certificate is needed");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath cp = cf.generateCertPath(path);
            PKIXParameters p = new PKIXParameters(trust);
            p.setRevocationEnabled(false);
            p.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(cp, p);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                throw new VerificationFailure(Check.CERTIFICATE_EXPIRED, "certificate chain: " + e.getMessage(), e);
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw new VerificationFailure(Check.CERTIFICATE_NOT_YET_VALID, "certificate chain: " + e.getMessage(), e);
            }
            throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "the certificate chain of "
                    + leaf.getSubjectX500Principal() + " (issued by " + leaf.getIssuerX500Principal()
                    + ") does not lead to a given trust anchor: " + e.getMessage(), e);
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "cannot validate the certificate chain: "
                    + e.getMessage(), e);
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "certificate " + leaf.getSubjectX500Principal()
                    + " is not for digital signatures (key usage)");
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null && !eku.contains(CODE_SIGNING) && !eku.contains(ANY_EKU)) {
                throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "certificate "
                        + leaf.getSubjectX500Principal() + " is not for code signing (extended key usage " + eku + ")");
            }
        } catch (CertificateParsingException e) {
            throw new VerificationFailure(Check.UNTRUSTED_CERTIFICATE, "certificate " + leaf.getSubjectX500Principal()
                    + ": malformed extended key usage", e);
        }
    }
}
