package io.liveboard.simulator;

import java.util.Arrays;

/** A min-heap of primitive longs (time in the high bits, an index in the low bits): no boxing per entry. */
final class LongHeap {

    private long[] heap = new long[64];
    private int size;

    void add(long value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= value) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
    }

    long peek() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return heap[0];
    }

    long poll() {
        long top = peek();
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return top;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }
}
