package org.mlgate.scan.container;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The PPMd variant H model (Dmitry Shkarin's PPMII, as 7-Zip's "Ppmd7" codec uses it), decoding side.
 * Every structure lives in one byte array addressed by int offsets, exactly as the reference lays it out
 * (12-byte units, 6-byte states), because the allocator's behaviour decides when the model runs out of
 * memory and restarts, and a decoder that restarts at another moment produces different bytes.
 *
 * <p>Contexts (12 bytes): number of states (u16), sum of frequencies (u16), states (u32), suffix (u32);
 * a context with one state keeps it in place of the sum and the states reference. States (6 bytes):
 * symbol, frequency, successor (u32, a context or a position in the text area).
 */
final class Ppmd7 {
    static final int MIN_ORDER = 2;
    static final int MAX_ORDER = 64;
    static final long MIN_MEMORY = 1 << 11;
    static final long MAX_MEMORY = 0xFFFFFFFFL - 12 * 3;

    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int UNIT = 12;
    private static final int MAX_FREQ = 124;
    private static final int INT_BITS = 7;
    private static final int PERIOD_BITS = 7;
    static final int BIN_SCALE = 1 << (INT_BITS + PERIOD_BITS);
    private static final int NUM_INDEXES = 4 + 4 + 4 + 26;
    private static final int[] INIT_BIN_ESC = {0x3CDD, 0x1F3F, 0x59BF, 0x48F3, 0x64A1, 0x5ABC, 0x6632, 0x6051};
    private static final int[] EXP_ESCAPE = {25, 14, 9, 7, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2};

    private static final int[] INDEX_UNITS = new int[NUM_INDEXES];
    private static final int[] UNITS_INDEX = new int[128];
    private static final int[] NS_INDEX = new int[256];
    private static final int[] NS_BIN_INDEX = new int[256];
    private static final int[] HIGH_BIT_FLAG = new int[256];

    static {
        // block sizes in units: 1,2,3,4, 6,8,10,12, 15,18,21,24, then steps of 4 up to 128
        for (int i = 0, k = 0; i < NUM_INDEXES; i++) {
            int step = i >= 12 ? 4 : (i >> 2) + 1;
            for (int j = 0; j < step; j++) {
                UNITS_INDEX[k++] = i;
            }
            INDEX_UNITS[i] = k;
        }
        NS_BIN_INDEX[0] = 0;
        NS_BIN_INDEX[1] = 2;
        Arrays.fill(NS_BIN_INDEX, 2, 11, 4);
        Arrays.fill(NS_BIN_INDEX, 11, 256, 6);
        int i = 0;
        for (; i < 3; i++) {
            NS_INDEX[i] = i;
        }
        for (int m = i, k = 1; i < 256; i++) {
            NS_INDEX[i] = m;
            if (--k == 0) {
                k = ++m - 2;
            }
        }
        Arrays.fill(HIGH_BIT_FLAG, 0x40, 256, 8);
    }

    private final byte[] mem;
    private final int size;
    private final int alignOffset;
    private final int maxOrder;
    private final Ppmd7RangeDecoder rc;

    private int minContext;
    private int maxContext;
    private int foundState;
    private int orderFall;
    private int initEsc;
    private int prevSuccess;
    private int hiBitsFlag;
    private int runLength;
    private int initRunLength;
    private int glueCount;
    private int loUnit;
    private int hiUnit;
    private int text;
    private int unitsStart;
    private final int[] freeList = new int[NUM_INDEXES];

    // SEE contexts: 25 x 16 plus the dummy one (last) used in the order-0 context of 256 symbols
    private static final int DUMMY_SEE = 25 * 16;
    private final int[] seeSumm = new int[DUMMY_SEE + 1];
    private final int[] seeShift = new int[DUMMY_SEE + 1];
    private final int[] seeCount = new int[DUMMY_SEE + 1];
    private final int[] binSumm = new int[128 * 64];

    /** Symbols masked in the current escape chain: those whose stamp equals {@link #maskStamp}. */
    private final int[] masked = new int[256];
    private int maskStamp;
    private final int[] escapeStates = new int[256];
    private final int[] successorPath = new int[MAX_ORDER];
    private final byte[] tmpState = new byte[6];

    /** Allocates the model's memory ({@code memorySize} bytes, checked by the caller) and starts it. */
    Ppmd7(int order, int memorySize, Ppmd7RangeDecoder rc) {
        if (order < MIN_ORDER || order > MAX_ORDER || memorySize < MIN_MEMORY) {
            throw new IllegalArgumentException("PPMd order " + order + " or memory " + memorySize + " out of range");
        }
        this.size = memorySize;
        this.alignOffset = 4 - (memorySize & 3);
        // one spare unit past the end: the free-block merge uses it as the list head
        this.mem = new byte[alignOffset + memorySize + UNIT];
        this.maxOrder = order;
        this.rc = rc;
        restartModel();
        seeShift[DUMMY_SEE] = PERIOD_BITS;
        seeSumm[DUMMY_SEE] = 0;
        seeCount[DUMMY_SEE] = 64;
    }

    // ---- memory accessors ----

    private int u8(int at) {
        return mem[at] & 0xFF;
    }

    private int u16(int at) {
        return (short) U16.get(mem, at) & 0xFFFF;
    }

    private void setU16(int at, int v) {
        U16.set(mem, at, (short) v);
    }

    private int u32(int at) {
        return (int) U32.get(mem, at);
    }

    private void setU32(int at, int v) {
        U32.set(mem, at, v);
    }

    private int numStats(int ctx) {
        return u16(ctx);
    }

    private int summFreq(int ctx) {
        return u16(ctx + 2);
    }

    private int stats(int ctx) {
        return u32(ctx + 4);
    }

    private int suffix(int ctx) {
        return u32(ctx + 8);
    }

    private static int oneState(int ctx) {
        return ctx + 2;
    }

    private int symbol(int s) {
        return mem[s] & 0xFF;
    }

    private int freq(int s) {
        return mem[s + 1] & 0xFF;
    }

    private void setFreq(int s, int f) {
        mem[s + 1] = (byte) f;
    }

    private int successor(int s) {
        return u32(s + 2);
    }

    private void setSuccessor(int s, int v) {
        setU32(s + 2, v);
    }

    private void copyState(int from, int to) {
        System.arraycopy(mem, from, mem, to, 6);
    }

    private void swapStates(int a, int b) {
        System.arraycopy(mem, a, tmpState, 0, 6);
        System.arraycopy(mem, b, mem, a, 6);
        System.arraycopy(tmpState, 0, mem, b, 6);
    }

    // ---- allocator ----

    private static int unitsToIndex(int nu) {
        return UNITS_INDEX[nu - 1];
    }

    private void insertNode(int node, int index) {
        setU32(node, freeList[index]);
        freeList[index] = node;
    }

    private int removeNode(int index) {
        int node = freeList[index];
        freeList[index] = u32(node);
        return node;
    }

    private void splitBlock(int ptr, int oldIndex, int newIndex) {
        int nu = INDEX_UNITS[oldIndex] - INDEX_UNITS[newIndex];
        ptr += INDEX_UNITS[newIndex] * UNIT;
        int i = unitsToIndex(nu);
        if (INDEX_UNITS[i] != nu) {
            int k = INDEX_UNITS[--i];
            insertNode(ptr + k * UNIT, nu - k - 1);
        }
        insertNode(ptr, i);
    }

    /*
     * Merges adjacent free blocks. Free nodes are stamped 0 at offset 0 (where a context's state count or
     * a state array's first symbol and nonzero frequency live, so used blocks never read as 0), with their
     * size in units at offset 2 and a doubly linked list at offsets 4 (next) and 8 (previous). The list
     * order (last freed first) decides the order blocks are handed out again, so it follows the reference.
     */
    private void glueFreeBlocks() {
        int head = alignOffset + size;
        int n = head;
        glueCount = 255;
        for (int i = 0; i < NUM_INDEXES; i++) {
            int nu = INDEX_UNITS[i];
            int next = freeList[i];
            freeList[i] = 0;
            while (next != 0) {
                int node = next;
                setU32(node + 4, n);
                setU32(n + 8, next);
                n = next;
                next = u32(node);
                setU16(node, 0);
                setU16(node + 2, nu);
            }
        }
        setU16(head, 1);
        setU32(head + 4, n);
        setU32(n + 8, head);
        if (loUnit != hiUnit) {
            setU16(loUnit, 1);
        }
        while (n != head) {
            int node = n;
            int nu = u16(node + 2);
            for (;;) {
                int node2 = node + nu * UNIT;
                nu += u16(node2 + 2);
                if (u16(node2) != 0 || nu >= 0x10000) {
                    break;
                }
                setU32(u32(node2 + 8) + 4, u32(node2 + 4));
                setU32(u32(node2 + 4) + 8, u32(node2 + 8));
                setU16(node + 2, nu);
            }
            n = u32(node + 4);
        }
        for (n = u32(head + 4); n != head;) {
            int node = n;
            int next = u32(node + 4);
            int nu = u16(node + 2);
            for (; nu > 128; nu -= 128, node += 128 * UNIT) {
                insertNode(node, NUM_INDEXES - 1);
            }
            int i = unitsToIndex(nu);
            if (INDEX_UNITS[i] != nu) {
                int k = INDEX_UNITS[--i];
                insertNode(node + k * UNIT, nu - k - 1);
            }
            insertNode(node, i);
            n = next;
        }
    }

    /** Returns 0 when memory is exhausted (the model then restarts). */
    private int allocUnitsRare(int index) {
        if (glueCount == 0) {
            glueFreeBlocks();
            if (freeList[index] != 0) {
                return removeNode(index);
            }
        }
        int i = index;
        do {
            if (++i == NUM_INDEXES) {
                int numBytes = INDEX_UNITS[index] * UNIT;
                glueCount--;
                if (unitsStart - text > numBytes) {
                    unitsStart -= numBytes;
                    return unitsStart;
                }
                return 0;
            }
        } while (freeList[i] == 0);
        int block = removeNode(i);
        splitBlock(block, i, index);
        return block;
    }

    private int allocUnits(int index) {
        if (freeList[index] != 0) {
            return removeNode(index);
        }
        int numBytes = INDEX_UNITS[index] * UNIT;
        if (numBytes <= hiUnit - loUnit) {
            int block = loUnit;
            loUnit += numBytes;
            return block;
        }
        return allocUnitsRare(index);
    }

    private int shrinkUnits(int oldPtr, int oldNu, int newNu) {
        int i0 = unitsToIndex(oldNu);
        int i1 = unitsToIndex(newNu);
        if (i0 == i1) {
            return oldPtr;
        }
        if (freeList[i1] != 0) {
            int ptr = removeNode(i1);
            System.arraycopy(mem, oldPtr, mem, ptr, newNu * UNIT);
            insertNode(oldPtr, i0);
            return ptr;
        }
        splitBlock(oldPtr, i0, i1);
        return oldPtr;
    }

    // ---- model ----

    private void restartModel() {
        Arrays.fill(freeList, 0);
        text = alignOffset;
        hiUnit = text + size;
        loUnit = unitsStart = hiUnit - size / 8 / UNIT * 7 * UNIT;
        glueCount = 0;

        orderFall = maxOrder;
        runLength = initRunLength = -Math.min(maxOrder, 12) - 1;
        prevSuccess = 0;

        hiUnit -= UNIT;
        minContext = maxContext = hiUnit;
        setU32(minContext + 8, 0);
        setU16(minContext, 256);
        setU16(minContext + 2, 256 + 1);
        foundState = loUnit;
        setU32(minContext + 4, foundState);
        loUnit += 256 / 2 * UNIT;
        for (int i = 0; i < 256; i++) {
            int s = foundState + i * 6;
            mem[s] = (byte) i;
            mem[s + 1] = 1;
            setSuccessor(s, 0);
        }
        for (int i = 0; i < 128; i++) {
            for (int k = 0; k < 8; k++) {
                int v = BIN_SCALE - INIT_BIN_ESC[k] / (i + 2);
                for (int m = 0; m < 64; m += 8) {
                    binSumm[i * 64 + k + m] = v;
                }
            }
        }
        for (int i = 0; i < 25; i++) {
            for (int k = 0; k < 16; k++) {
                int see = i * 16 + k;
                seeShift[see] = PERIOD_BITS - 4;
                seeSumm[see] = (5 * i + 10) << seeShift[see];
                seeCount[see] = 4;
            }
        }
    }

    /** Builds the chain of order+1 contexts for the found symbol; 0 when memory ran out. */
    private int createSuccessors(boolean skip) {
        int c = minContext;
        int upBranch = successor(foundState);
        int fsSymbol = symbol(foundState);
        int numPs = 0;
        if (!skip) {
            successorPath[numPs++] = foundState;
        }
        while (suffix(c) != 0) {
            c = suffix(c);
            int s;
            if (numStats(c) != 1) {
                s = stats(c);
                while (symbol(s) != fsSymbol) {
                    s += 6;
                }
            } else {
                s = oneState(c);
            }
            int succ = successor(s);
            if (succ != upBranch) {
                c = succ;
                if (numPs == 0) {
                    return c;
                }
                break;
            }
            successorPath[numPs++] = s;
        }
        int upSymbol = u8(upBranch);
        int upSuccessor = upBranch + 1;
        int upFreq;
        if (numStats(c) == 1) {
            upFreq = freq(oneState(c));
        } else {
            int s = stats(c);
            while (symbol(s) != upSymbol) {
                s += 6;
            }
            int cf = freq(s) - 1;
            int s0 = summFreq(c) - numStats(c) - cf;
            upFreq = 1 + (2 * cf <= s0 ? (5 * cf > s0 ? 1 : 0) : (2 * cf + 3 * s0 - 1) / (2 * s0));
        }
        do {
            int c1;
            if (hiUnit != loUnit) {
                hiUnit -= UNIT;
                c1 = hiUnit;
            } else if (freeList[0] != 0) {
                c1 = removeNode(0);
            } else {
                c1 = allocUnitsRare(0);
                if (c1 == 0) {
                    return 0;
                }
            }
            setU16(c1, 1);
            int one = oneState(c1);
            mem[one] = (byte) upSymbol;
            mem[one + 1] = (byte) upFreq;
            setSuccessor(one, upSuccessor);
            setU32(c1 + 8, c);
            setSuccessor(successorPath[--numPs], c1);
            c = c1;
        } while (numPs != 0);
        return c;
    }

    private void updateModel() {
        int fs = foundState;
        int fsSymbol = symbol(fs);
        int fsFreq = freq(fs);
        int fSuccessor = successor(fs);

        if (fsFreq < MAX_FREQ / 4 && suffix(minContext) != 0) {
            int c = suffix(minContext);
            if (numStats(c) == 1) {
                int s = oneState(c);
                if (freq(s) < 32) {
                    setFreq(s, freq(s) + 1);
                }
            } else {
                int s = stats(c);
                if (symbol(s) != fsSymbol) {
                    do {
                        s += 6;
                    } while (symbol(s) != fsSymbol);
                    if (freq(s) >= freq(s - 6)) {
                        swapStates(s, s - 6);
                        s -= 6;
                    }
                }
                if (freq(s) < MAX_FREQ - 9) {
                    setFreq(s, freq(s) + 2);
                    setU16(c + 2, summFreq(c) + 2);
                }
            }
        }

        if (orderFall == 0) {
            minContext = maxContext = createSuccessors(true);
            if (minContext == 0) {
                restartModel();
                return;
            }
            setSuccessor(foundState, minContext);
            return;
        }

        mem[text++] = (byte) fsSymbol;
        int successor = text;
        if (text >= unitsStart) {
            restartModel();
            return;
        }

        if (fSuccessor != 0) {
            if (fSuccessor <= successor) {
                int cs = createSuccessors(false);
                if (cs == 0) {
                    restartModel();
                    return;
                }
                fSuccessor = cs;
            }
            if (--orderFall == 0) {
                successor = fSuccessor;
                if (maxContext != minContext) {
                    text--;
                }
            }
        } else {
            setSuccessor(foundState, successor);
            fSuccessor = minContext;
        }

        int ns = numStats(minContext);
        int s0 = summFreq(minContext) - ns - (freq(foundState) - 1);
        int foundFreq = freq(foundState);

        for (int c = maxContext; c != minContext; c = suffix(c)) {
            int ns1 = numStats(c);
            if (ns1 != 1) {
                if ((ns1 & 1) == 0) {
                    int oldNu = ns1 >>> 1;
                    int i = unitsToIndex(oldNu);
                    if (i != unitsToIndex(oldNu + 1)) {
                        int ptr = allocUnits(i + 1);
                        if (ptr == 0) {
                            restartModel();
                            return;
                        }
                        int oldPtr = stats(c);
                        System.arraycopy(mem, oldPtr, mem, ptr, oldNu * UNIT);
                        insertNode(oldPtr, i);
                        setU32(c + 4, ptr);
                    }
                }
                int sf = summFreq(c);
                sf += (2 * ns1 < ns ? 1 : 0) + 2 * ((4 * ns1 <= ns ? 1 : 0) & (sf <= 8 * ns1 ? 1 : 0));
                setU16(c + 2, sf);
            } else {
                int s = allocUnits(0);
                if (s == 0) {
                    restartModel();
                    return;
                }
                copyState(oneState(c), s);
                setU32(c + 4, s);
                int f = freq(s);
                setFreq(s, f < MAX_FREQ / 4 - 1 ? f << 1 : MAX_FREQ - 4);
                setU16(c + 2, freq(s) + initEsc + (ns > 3 ? 1 : 0));
            }
            int summ = summFreq(c);
            int cf = 2 * foundFreq * (summ + 6);
            int sf = s0 + summ;
            if (cf < 6 * sf) {
                cf = 1 + (cf > sf ? 1 : 0) + (cf >= 4 * sf ? 1 : 0);
                setU16(c + 2, summ + 3);
            } else {
                cf = 4 + (cf >= 9 * sf ? 1 : 0) + (cf >= 12 * sf ? 1 : 0) + (cf >= 15 * sf ? 1 : 0);
                setU16(c + 2, summ + cf);
            }
            int s = stats(c) + ns1 * 6;
            setSuccessor(s, successor);
            mem[s] = (byte) fsSymbol;
            mem[s + 1] = (byte) cf;
            setU16(c, ns1 + 1);
        }
        maxContext = minContext = fSuccessor;
    }

    private void rescale() {
        int mc = minContext;
        int stats = stats(mc);
        int s = foundState;
        if (s != stats) {
            System.arraycopy(mem, s, tmpState, 0, 6);
            System.arraycopy(mem, stats, mem, stats + 6, s - stats);
            System.arraycopy(tmpState, 0, mem, stats, 6);
        }
        s = stats;
        int escFreq = summFreq(mc) - freq(s);
        int adder = orderFall != 0 ? 1 : 0;
        setFreq(s, ((freq(s) + 4) + adder) >> 1);
        int sumFreq = freq(s);
        int i = numStats(mc) - 1;
        do {
            s += 6;
            escFreq -= freq(s);
            setFreq(s, (freq(s) + adder) >> 1);
            sumFreq += freq(s);
            if (freq(s) > freq(s - 6)) {
                int s1 = s;
                System.arraycopy(mem, s1, tmpState, 0, 6);
                int tmpFreq = tmpState[1] & 0xFF;
                do {
                    copyState(s1 - 6, s1);
                    s1 -= 6;
                } while (s1 != stats && tmpFreq > freq(s1 - 6));
                System.arraycopy(tmpState, 0, mem, s1, 6);
            }
        } while (--i != 0);

        if (freq(s) == 0) {
            int numStats = numStats(mc);
            i = 0;
            do {
                i++;
                s -= 6;
            } while (freq(s) == 0);
            escFreq += i;
            setU16(mc, numStats - i);
            if (numStats - i == 1) {
                System.arraycopy(mem, stats, tmpState, 0, 6);
                int f = tmpState[1] & 0xFF;
                do {
                    f -= f >> 1;
                    escFreq >>>= 1;
                } while (escFreq > 1);
                insertNode(stats, unitsToIndex((numStats + 1) >> 1));
                foundState = oneState(mc);
                tmpState[1] = (byte) f;
                System.arraycopy(tmpState, 0, mem, foundState, 6);
                return;
            }
            int n0 = (numStats + 1) >> 1;
            int n1 = (numStats - i + 1) >> 1;
            if (n0 != n1) {
                setU32(mc + 4, shrinkUnits(stats, n0, n1));
            }
        }
        setU16(mc + 2, sumFreq + escFreq - (escFreq >> 1));
        foundState = stats(mc);
    }

    private void nextContext() {
        int c = successor(foundState);
        if (orderFall == 0 && c > text) {
            minContext = maxContext = c;
        } else {
            updateModel();
        }
    }

    private void update1() {
        int s = foundState;
        setFreq(s, freq(s) + 4);
        setU16(minContext + 2, summFreq(minContext) + 4);
        if (freq(s) > freq(s - 6)) {
            swapStates(s, s - 6);
            foundState = s -= 6;
            if (freq(s) > MAX_FREQ) {
                rescale();
            }
        }
        nextContext();
    }

    private void update1First() {
        prevSuccess = 2 * freq(foundState) > summFreq(minContext) ? 1 : 0;
        runLength += prevSuccess;
        setU16(minContext + 2, summFreq(minContext) + 4);
        setFreq(foundState, freq(foundState) + 4);
        if (freq(foundState) > MAX_FREQ) {
            rescale();
        }
        nextContext();
    }

    private void updateBin() {
        int f = freq(foundState);
        setFreq(foundState, f + (f < 128 ? 1 : 0));
        prevSuccess = 1;
        runLength++;
        nextContext();
    }

    private void update2() {
        int s = foundState;
        setFreq(s, freq(s) + 4);
        setU16(minContext + 2, summFreq(minContext) + 4);
        if (freq(s) > MAX_FREQ) {
            rescale();
        }
        runLength = initRunLength;
        updateModel();
    }

    private int makeEscFreq(int numMasked) {
        int mc = minContext;
        int ns = numStats(mc);
        if (ns == 256) {
            escapeFreq = 1;
            return DUMMY_SEE;
        }
        int nonMasked = ns - numMasked;
        int diff = numStats(suffix(mc)) - ns;
        int see = NS_INDEX[nonMasked - 1] * 16
                + (Integer.compareUnsigned(nonMasked, diff) < 0 ? 1 : 0)
                + 2 * (summFreq(mc) < 11 * ns ? 1 : 0)
                + 4 * (numMasked > nonMasked ? 1 : 0)
                + hiBitsFlag;
        int r = seeSumm[see] >>> seeShift[see];
        seeSumm[see] = (seeSumm[see] - r) & 0xFFFF;
        escapeFreq = r + (r == 0 ? 1 : 0);
        return see;
    }

    /** The escape frequency {@link #makeEscFreq} derived from its SEE context. */
    private int escapeFreq;

    private static int mean(int prob) {
        return (prob + (1 << (PERIOD_BITS - 2))) >>> PERIOD_BITS;
    }

    private void newMask() {
        if (++maskStamp == 0) {
            Arrays.fill(masked, 0);
            maskStamp = 1;
        }
    }

    /** The next symbol (0-255), -1 at an end marker, -2 on data the model cannot produce. */
    int decodeSymbol() {
        int mc = minContext;
        if (numStats(mc) != 1) {
            int s = stats(mc);
            int summ = summFreq(mc);
            long count = rc.threshold(summ);
            int hiCnt = freq(s);
            if (count < hiCnt) {
                rc.decode(0, hiCnt);
                foundState = s;
                int sym = symbol(s);
                update1First();
                return sym;
            }
            prevSuccess = 0;
            int i = numStats(mc) - 1;
            do {
                s += 6;
                hiCnt += freq(s);
                if (hiCnt > count) {
                    rc.decode(hiCnt - freq(s), freq(s));
                    foundState = s;
                    int sym = symbol(s);
                    update1();
                    return sym;
                }
            } while (--i != 0);
            if (count >= summ) {
                return -2;
            }
            hiBitsFlag = HIGH_BIT_FLAG[symbol(foundState)];
            rc.decode(hiCnt, summ - hiCnt);
            newMask();
            int first = stats(mc);
            for (int t = first; t <= s; t += 6) {
                masked[symbol(t)] = maskStamp;
            }
        } else {
            int one = oneState(mc);
            hiBitsFlag = HIGH_BIT_FLAG[symbol(foundState)];
            int index = (freq(one) - 1) * 64 + prevSuccess + NS_BIN_INDEX[numStats(suffix(mc)) - 1] + hiBitsFlag
                    + 2 * HIGH_BIT_FLAG[symbol(one)] + ((runLength >> 26) & 0x20);
            int prob = binSumm[index];
            if (rc.decodeBit(prob, BIN_SCALE) == 0) {
                binSumm[index] = (prob + (1 << INT_BITS) - mean(prob)) & 0xFFFF;
                foundState = one;
                int sym = symbol(one);
                updateBin();
                return sym;
            }
            prob = (prob - mean(prob)) & 0xFFFF;
            binSumm[index] = prob;
            initEsc = EXP_ESCAPE[prob >>> 10];
            newMask();
            masked[symbol(one)] = maskStamp;
            prevSuccess = 0;
        }
        for (;;) {
            int numMasked = numStats(minContext);
            do {
                orderFall++;
                int up = suffix(minContext);
                if (up == 0) {
                    return -1;
                }
                minContext = up;
            } while (numStats(minContext) == numMasked);
            int hiCnt = 0;
            int s = stats(minContext);
            int num = numStats(minContext) - numMasked;
            int i = 0;
            while (i != num) {
                if (masked[symbol(s)] != maskStamp) {
                    hiCnt += freq(s);
                    escapeStates[i++] = s;
                }
                s += 6;
            }
            int see = makeEscFreq(numMasked);
            int freqSum = escapeFreq + hiCnt;
            long count = rc.threshold(freqSum);
            if (count < hiCnt) {
                int k = 0;
                int acc = freq(escapeStates[0]);
                while (acc <= count) {
                    acc += freq(escapeStates[++k]);
                }
                s = escapeStates[k];
                rc.decode(acc - freq(s), freq(s));
                if (seeShift[see] < PERIOD_BITS && --seeCount[see] == 0) {
                    seeSumm[see] = (seeSumm[see] << 1) & 0xFFFF;
                    seeCount[see] = (3 << seeShift[see]++) & 0xFF;
                }
                foundState = s;
                int sym = symbol(s);
                update2();
                return sym;
            }
            if (count >= freqSum) {
                return -2;
            }
            rc.decode(hiCnt, freqSum - hiCnt);
            seeSumm[see] = (seeSumm[see] + freqSum) & 0xFFFF;
            for (int k = 0; k < i; k++) {
                masked[symbol(escapeStates[k])] = maskStamp;
            }
        }
    }
}
