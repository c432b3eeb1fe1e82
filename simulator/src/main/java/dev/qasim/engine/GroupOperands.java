package dev.qasim.engine;

import dev.qasim.workload.Lowered;

/** One group's lowered operands in memory: X_g (M x K, K contiguous) and W_g by column (N x K). */
final class GroupOperands {
    final int m;
    final int n;
    final int k;
    final int[] data;
    final int[] weightColumns;

    GroupOperands(Lowered layer, int group) {
        this.m = layer.form().m();
        this.n = layer.form().n();
        this.k = layer.form().k();
        this.data = new int[Math.multiplyExact(m, k)];
        layer.dataRows(group, 0, m, data);
        this.weightColumns = layer.weightColumns(group);
    }

    int data(int row, int kk) {
        return data[row * k + kk];
    }

    int weight(int kk, int col) {
        return weightColumns[col * k + kk];
    }
}
