package org.mlgate.scan.pickle;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The unpickler memo: dense array for small indices, a map for sparse large ones; counted for budgets. */
final class Memo {
    private static final int DENSE_LIMIT = 1 << 24;
    private PValue[] dense = new PValue[64];
    private Map<Long, PValue> sparse;
    private int count;

    /** Stores; returns false if this added an entry (for budget accounting the caller checks count()). */
    void put(long index, PValue v) {
        if (index < DENSE_LIMIT) {
            int i = (int) index;
            if (i >= dense.length) {
                dense = Arrays.copyOf(dense, Math.max(i + 1, Math.min(DENSE_LIMIT, dense.length * 2)));
            }
            if (dense[i] == null) {
                count++;
            }
            dense[i] = v;
        } else {
            if (sparse == null) {
                sparse = new HashMap<>();
            }
            if (sparse.put(index, v) == null) {
                count++;
            }
        }
    }

    PValue get(long index) {
        if (index < DENSE_LIMIT) {
            return index < dense.length ? dense[(int) index] : null;
        }
        return sparse == null ? null : sparse.get(index);
    }

    int count() {
        return count;
    }
}
