package org.mlgate.scan.pickle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlgate.scan.engine.ScanAbort;

/**
 * The unpickler's value stack and mark stack with CPython's C semantics: pops may not cross the fence
 * (the newest mark), POP on an empty frame drops the mark, APPEND and SETITEM take their container from
 * below the operands regardless of marks. Errors name the opcode being executed ({@link #at}).
 */
final class VmStack {
    private final int maxDepth;
    private PValue[] stack = new PValue[64];
    private int sp;
    private int[] marks = new int[16];
    private int nmarks;
    private long at;
    private int op;

    VmStack(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The opcode now executing and its offset, for error messages. */
    void at(long offset, int opcode) {
        this.at = offset;
        this.op = opcode;
    }

    void push(PValue v) throws ScanAbort {
        if (sp == stack.length) {
            if (sp + nmarks >= maxDepth) {
                throw ScanAbort.budget(at, "stack deeper than " + maxDepth);
            }
            stack = Arrays.copyOf(stack, sp * 2);
        }
        stack[sp++] = v;
    }

    PValue pop() throws ScanAbort {
        if (sp <= fence()) {
            throw underflow();
        }
        PValue v = stack[--sp];
        stack[sp] = null;
        return v;
    }

    PValue top() throws ScanAbort {
        if (sp <= fence()) {
            throw underflow();
        }
        return stack[sp - 1];
    }

    void replaceTop(PValue v) {
        stack[sp - 1] = v;
    }

    void dup() throws ScanAbort {
        push(top());
    }

    List<PValue> popN(int n) throws ScanAbort {
        if (sp - n < fence()) {
            throw underflow();
        }
        List<PValue> out = new ArrayList<>(n);
        for (int i = sp - n; i < sp; i++) {
            out.add(stack[i]);
            stack[i] = null;
        }
        sp -= n;
        return out;
    }

    void mark() throws ScanAbort {
        if (nmarks == marks.length) {
            if (sp + nmarks >= maxDepth) {
                throw ScanAbort.budget(at, "more than " + maxDepth + " nested MARKs");
            }
            marks = Arrays.copyOf(marks, nmarks * 2);
        }
        marks[nmarks++] = sp;
    }

    List<PValue> popToMark() throws ScanAbort {
        int m = closeMark();
        List<PValue> out = new ArrayList<>(sp - m);
        for (int i = m; i < sp; i++) {
            out.add(stack[i]);
            stack[i] = null;
        }
        sp = m;
        return out;
    }

    /** Pops to the mark without collecting the items; returns how many there were. */
    int dropToMark() throws ScanAbort {
        int m = closeMark();
        int n = sp - m;
        Arrays.fill(stack, m, sp, null);
        sp = m;
        return n;
    }

    /** POP as the C unpickler does it: an empty frame right after a MARK pops the mark instead. */
    void popOrMark() throws ScanAbort {
        if (nmarks > 0 && marks[nmarks - 1] == sp) {
            nmarks--;
        } else {
            pop();
        }
    }

    /** APPEND: do_append takes the list right below the value, whatever marks lie between. */
    void appendOne() throws ScanAbort {
        if (sp - 1 <= 0) {
            throw underflow();
        }
        grow(stack[sp - 2], 1);
        stack[--sp] = null;
    }

    /** SETITEM: do_setitems takes the dict right below key and value, whatever marks lie between. */
    void setItemOne() throws ScanAbort {
        if (sp - 2 <= 0) {
            throw underflow();
        }
        if (stack[sp - 3] instanceof PValue.Dict d) {
            d.put(stack[sp - 2], stack[sp - 1]);
        }
        stack[--sp] = null;
        stack[--sp] = null;
    }

    /** APPENDS/ADDITEMS: the items above the mark go into the value below it. */
    void appendsFromMark() throws ScanAbort {
        PValue target = belowMark();
        grow(target, dropToMark());
    }

    /** SETITEMS: key/value pairs above the mark go into the dict below it. */
    void setItemsFromMark() throws ScanAbort {
        PValue target = belowMark();
        int m = marks[nmarks - 1];
        if (m > sp) {
            throw markAboveTop();
        }
        if ((sp - m) % 2 != 0) {
            throw ScanAbort.malformed(at, "odd number of items for SETITEMS");
        }
        if (target instanceof PValue.Dict d) {
            for (int i = m; i < sp; i += 2) {
                d.put(stack[i], stack[i + 1]);
            }
        }
        dropToMark();
    }

    private static void grow(PValue target, int n) {
        if (target instanceof PValue.Seq s) {
            s.size += n;
        }
    }

    private int fence() {
        return nmarks > 0 ? marks[nmarks - 1] : 0;
    }

    private PValue belowMark() throws ScanAbort {
        if (nmarks == 0) {
            throw noMark();
        }
        int m = marks[nmarks - 1];
        if (m - 1 < 0) { // do_append/do_setitems only require something below the mark
            throw underflow();
        }
        return stack[m - 1];
    }

    private int closeMark() throws ScanAbort {
        if (nmarks == 0) {
            throw noMark();
        }
        int m = marks[--nmarks];
        if (m > sp) {
            throw markAboveTop();
        }
        return m;
    }

    private ScanAbort underflow() {
        return ScanAbort.malformed(at, "unpickling stack underflow at " + Op.name(op));
    }

    private ScanAbort noMark() {
        return ScanAbort.malformed(at, "could not find MARK for " + Op.name(op));
    }

    /** APPEND/SETITEM may pop below a MARK (C allows it); closing that mark then fails in C too. */
    private ScanAbort markAboveTop() {
        return ScanAbort.malformed(at, Op.name(op) + " closes a MARK that lies above the stack top");
    }
}
