package org.mlgate.sign;

import java.util.List;
import org.mlgate.sign.hash.ModelFiles;
import org.mlgate.sign.hash.Resource;
import org.mlgate.sign.hash.Serialization;

/**
 * A successful verification.
 *
 * @param modelName  the subject name in the statement ("" for legacy bundles)
 * @param rootDigest the verified root digest (hex SHA-256; null for legacy v0.2 bundles, which have none)
 * @param files      files checked
 * @param method     key or certificate
 * @param signer     the key hint, or the leaf certificate's subject
 * @param format     the statement format: "v1.0" or "v0.2 (legacy)"
 * @param resources  the signed resources, now checked against the files (whole-file digests for the files
 *                   method, so a caller can match them with other attestations of the same bytes)
 * @param leftOut    files that exist but were not checked because a left-out path covers them (git metadata, paths
 *                   the signer recorded, a directory where the signature's name is): unsigned, reported
 */
public record Verified(String modelName, String rootDigest, int files, String method, String signer, String format,
                       Serialization serialization, List<Resource> resources, List<ModelFiles.LeftOut> leftOut) {
    public Verified {
        resources = List.copyOf(resources);
        leftOut = List.copyOf(leftOut);
    }
}
