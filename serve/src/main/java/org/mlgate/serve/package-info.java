/** The hardened prediction server's core; {@code org.mlgate.serve.http} is its thin HTTP front. */
package org.mlgate.serve;
