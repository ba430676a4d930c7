package org.mlgate.train.privacy;

/** In-place iterative radix-2 complex FFT over separate real and imaginary arrays (length a power of two). */
final class Fft {
    private Fft() {
    }

    static int nextPowerOfTwo(long n) {
        if (n > (1 << 30)) {
            throw new IllegalArgumentException("FFT length too large: " + n);
        }
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /** Forward transform (e^{−2πik/n}) when {@code inverse} is false; the inverse is not scaled by 1/n. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n) {
            throw new IllegalArgumentException("FFT needs equal power-of-two lengths, got " + n + " and " + im.length);
        }
        // Bit-reversal permutation.
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        if (n < 2) {
            return;
        }
        // Twiddles computed directly (not by recurrence) so their error does not grow with n.
        int half = n / 2;
        double[] cos = new double[half];
        double[] sin = new double[half];
        double sign = inverse ? 1.0 : -1.0;
        for (int k = 0; k < half; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = sign * Math.sin(angle);
        }
        for (int len = 2; len <= n; len <<= 1) {
            int halfLen = len >> 1;
            int stride = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0, t = 0; k < halfLen; k++, t += stride) {
                    int a = start + k;
                    int b = a + halfLen;
                    double wr = cos[t];
                    double wi = sin[t];
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
