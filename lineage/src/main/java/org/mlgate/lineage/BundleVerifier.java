package org.mlgate.lineage;

/**
 * Checks the signature of a Sigstore bundle before its statement is recorded: returns who signed it (a key
 * fingerprint or a certificate subject) or throws naming the check that failed. The signing module provides the
 * implementation; the lineage module never trusts a bundle on its own.
 */
@FunctionalInterface
public interface BundleVerifier {
    String verify(byte[] bundle) throws LineageException;
}
