#include "core/backends/opencl/OpenClKernels.h"

namespace attnscope::opencl {

// fp32 throughout, IEEE exp (no -cl-fast-relaxed-math): the results are checked against the CPU
// backend to 1e-6. Offsets are `long` so that B·H·L² past 2³¹ elements indexes correctly.
const char* const kKernelSource = R"CLC(
#define TS 64      /* output tile of one work-group: TS × TS */
#define TK 16      /* depth of one step through local memory */
#define LOC 16     /* work-group is LOC × LOC; each item computes 4 × 4 outputs */
#define TILE 128   /* mask block summary tile */

/* One TK-deep step of the 4 × 4 outputs of work-item (tx, ty) from the tiles in local memory. */
inline void tile_step(__local const float (*As)[TS + 1], __local const float (*Bs)[TS + 1],
                      float acc[4][4], int tx, int ty) {
    for (int kk = 0; kk < TK; ++kk) {
        float a[4], bv[4];
        for (int i = 0; i < 4; ++i) a[i] = As[kk][ty + LOC * i];
        for (int j = 0; j < 4; ++j) bv[j] = Bs[kk][tx + LOC * j];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * bv[j];
    }
}

/* Writes factor · acc to the rows × cols matrix C (leading dimension cols), inside its bounds. */
inline void tile_store(__global float* C, const float acc[4][4], int row0, int col0, int tx,
                       int ty, int rows, int cols, float factor) {
    for (int i = 0; i < 4; ++i) {
        const int r = row0 + ty + LOC * i;
        if (r >= rows) continue;
        for (int j = 0; j < 4; ++j) {
            const int c = col0 + tx + LOC * j;
            if (c < cols) C[(long)r * cols + c] = acc[i][j] * factor;
        }
    }
}

/* acc = the 4 × 4 outputs of work-item (tx, ty) of the tile at (row0, col0) of Q · Kᵀ, Q with
   Lq rows and K with Lk rows of d. */
inline void scores_tile(__global const float* Q, __global const float* K,
                        __local float (*As)[TS + 1], __local float (*Bs)[TS + 1], float acc[4][4],
                        int row0, int col0, int Lq, int Lk, int d, int tx, int ty) {
    const int lid = ty * LOC + tx;
    for (int k0 = 0; k0 < d; k0 += TK) {
        for (int t = 0; t < 4; ++t) {
            const int e = lid + t * LOC * LOC, r = e / TK, kk = e % TK;
            const int qr = row0 + r, kr = col0 + r, c = k0 + kk;
            As[kk][r] = (qr < Lq && c < d) ? Q[(long)qr * d + c] : 0.0f;
            Bs[kk][r] = (kr < Lk && c < d) ? K[(long)kr * d + c] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        tile_step(As, Bs, acc, tx, ty);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

/* scores[bh] = scale · Q[bh] · K[g]ᵀ, g = the kv head of h (grouped-query attention). */
__kernel __attribute__((reqd_work_group_size(LOC, LOC, 1)))
void scores_nt(__global const float* q, __global const float* k, __global float* s,
               int H, int Hkv, int Lq, int Lk, int d, float scale) {
    __local float As[TK][TS + 1];
    __local float Bs[TK][TS + 1];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int col0 = get_group_id(0) * TS, row0 = get_group_id(1) * TS;
    const int bh = get_global_id(2), b = bh / H, h = bh % H, g = h / (H / Hkv);
    float acc[4][4] = {{0}};
    scores_tile(q + (long)bh * Lq * d, k + ((long)b * Hkv + g) * Lk * d, As, Bs, acc, row0, col0,
                Lq, Lk, d, tx, ty);
    tile_store(s + (long)bh * Lq * Lk, acc, row0, col0, tx, ty, Lq, Lk, scale);
}

/* The pooled pass: the scores of query rows [r0, r0 + R) of every head into s [B·H, R, Lk]. With
   skip, the tiles the chunk's mask summary marks empty are not computed (masked_softmax does not
   read them); a work-group's 64 × 64 tile lies in one 128-tile, so it returns as a whole. */
__kernel __attribute__((reqd_work_group_size(LOC, LOC, 1)))
void scores_rows(__global const float* q, __global const float* k,
                 __global const uchar* states, __global float* s, int H, int Hkv, int Lq, int Lk,
                 int d, int r0, int R, int nKB, int skip, float scale) {
    __local float As[TK][TS + 1];
    __local float Bs[TK][TS + 1];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int col0 = get_group_id(0) * TS, row0 = get_group_id(1) * TS;
    const int bh = get_global_id(2), b = bh / H, h = bh % H, g = h / (H / Hkv);
    const int nQB = (R + TILE - 1) / TILE;
    if (skip && states[((long)b * nQB + row0 / TILE) * nKB + col0 / TILE] == 0) return;
    float acc[4][4] = {{0}};
    scores_tile(q + ((long)bh * Lq + r0) * d, k + ((long)b * Hkv + g) * Lk * d, As, Bs, acc, row0,
                col0, R, Lk, d, tx, ty);
    tile_store(s + (long)bh * R * Lk, acc, row0, col0, tx, ty, R, Lk, scale);
}

/* Attention logit soft-capping (Gemma 2), in place: s = cap · tanh(s / cap). */
__kernel void soft_cap(__global float* s, long n, float cap) {
    const long i = get_global_id(0);
    if (i < n) s[i] = cap * tanh(s[i] / cap);
}

/* One work-group per row: masked scores (−inf where forbidden) and the row softmax. Tiles the
   block summary marks empty are written without reading; a row with no allowed key is zeros. */
__kernel void masked_softmax(__global const float* s, __global const uchar* mask,
                             __global const uchar* states, __global float* ms,
                             __global float* p, int H, int Lq, int Lk, int nQB, int nKB,
                             __global float* stats, int withStats) {
    __local float red[256];
    const int lid = get_local_id(0), ls = get_local_size(0);
    const long row = get_group_id(0);
    const int i = row % Lq, bh = row / Lq, b = bh / H;
    __global const float* S = s + row * Lk;
    __global float* M = ms + row * Lk;
    __global float* P = p + row * Lk;
    __global const uchar* A = mask + ((long)b * Lq + i) * Lk;
    __global const uchar* st = states + ((long)b * nQB + i / TILE) * nKB;

    float mx = -INFINITY;
    for (int kb = 0; kb < nKB; ++kb) { /* the tile's state is uniform: branch per tile, not cell */
        const int c0 = kb * TILE + lid, c1 = min(Lk, (kb + 1) * TILE);
        const uchar state = st[kb];
        if (state == 0) {
            for (int c = c0; c < c1; c += ls) {
                M[c] = -INFINITY;
                P[c] = 0.0f;
            }
        } else if (state == 2) {
            for (int c = c0; c < c1; c += ls) {
                const float m = S[c];
                M[c] = m;
                mx = fmax(mx, m);
            }
        } else {
            for (int c = c0; c < c1; c += ls) {
                const float m = A[c] ? S[c] : -INFINITY;
                M[c] = m;
                mx = fmax(mx, m);
            }
        }
    }
    red[lid] = mx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int w = ls / 2; w > 0; w >>= 1) {
        if (lid < w) red[lid] = fmax(red[lid], red[lid + w]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    mx = red[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    if (mx == -INFINITY) {
        for (int c = lid; c < Lk; c += ls) P[c] = 0.0f;
        /* With stats: (shift, entropy) per row — NaN and 0 for a row with no allowed key. */
        if (withStats && lid == 0) {
            stats[2 * row] = NAN;
            stats[2 * row + 1] = 0.0f;
        }
        return;
    }
    float sum = 0.0f, ex = 0.0f;
    for (int kb = 0; kb < nKB; ++kb) {
        if (st[kb] == 0) continue;
        const int c0 = kb * TILE, c1 = min(Lk, c0 + TILE);
        for (int c = c0 + lid; c < c1; c += ls) {
            const float m = M[c];
            const float e = m == -INFINITY ? 0.0f : exp(m - mx);
            P[c] = e;
            sum += e;
            if (m != -INFINITY) ex += e * (m - mx);
        }
    }
    red[lid] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int w = ls / 2; w > 0; w >>= 1) {
        if (lid < w) red[lid] += red[lid + w];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float total = red[0];
    const float inv = 1.0f / total;
    /* Σ e·(x − max) too (the barriers stay outside any branch: PoCL's work-group loops do not
       take a barrier under a condition). p = exp(x − shift), shift = max + log Z, and the row's
       entropy is log Z − Σ e·(x − max) / Z. */
    barrier(CLK_LOCAL_MEM_FENCE);
    red[lid] = ex;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int w = ls / 2; w > 0; w >>= 1) {
        if (lid < w) red[lid] += red[lid + w];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (withStats && lid == 0) {
        stats[2 * row] = mx + log(total);
        stats[2 * row + 1] = log(total) - red[0] * inv;
    }
    for (int kb = 0; kb < nKB; ++kb) {
        if (st[kb] == 0) continue;
        const int c0 = kb * TILE, c1 = min(Lk, c0 + TILE);
        for (int c = c0 + lid; c < c1; c += ls) P[c] *= inv;
    }
}

/* context[bh] = P[bh] · V[g], stepping only through the key tiles the mask does not empty. */
__kernel __attribute__((reqd_work_group_size(LOC, LOC, 1)))
void context_nn(__global const float* p, __global const float* v,
                __global const uchar* states, __global float* out,
                int H, int Hkv, int Lq, int Lk, int d, int nQB, int nKB) {
    __local float As[TK][TS + 1];
    __local float Bs[TK][TS + 1];
    const int tx = get_local_id(0), ty = get_local_id(1), lid = ty * LOC + tx;
    const int col0 = get_group_id(0) * TS, row0 = get_group_id(1) * TS;
    const int bh = get_global_id(2), b = bh / H, h = bh % H, g = h / (H / Hkv);
    __global const float* P = p + (long)bh * Lq * Lk;
    __global const float* V = v + ((long)b * Hkv + g) * Lk * d;
    __global const uchar* st = states + ((long)b * nQB + row0 / TILE) * nKB;
    float acc[4][4] = {{0}};
    for (int kb = 0; kb < nKB; ++kb) {
        if (st[kb] == 0) continue; /* the whole work-group agrees: rows share one tile row */
        const int kEnd = min(Lk, (kb + 1) * TILE);
        for (int k0 = kb * TILE; k0 < kEnd; k0 += TK) {
            for (int t = 0; t < 4; ++t) {
                const int e = lid + t * LOC * LOC;
                const int r = e / TK, kk = e % TK;   /* P tile: TS rows × TK keys */
                const int pr = row0 + r, pc = k0 + kk;
                As[kk][r] = (pr < Lq && pc < kEnd) ? P[(long)pr * Lk + pc] : 0.0f;
                const int vk = e / TS, vc = e % TS;  /* V tile: TK keys × TS columns */
                const int vr = k0 + vk, c = col0 + vc;
                Bs[vk][vc] = (vr < kEnd && c < d) ? V[(long)vr * d + c] : 0.0f;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            tile_step(As, Bs, acc, tx, ty);
            barrier(CLK_LOCAL_MEM_FENCE);
        }
    }
    tile_store(out + (long)bh * Lq * d, acc, row0, col0, tx, ty, Lq, d, 1.0f);
}

/* Compensated sum so the float device result tracks the CPU's double accumulation. */
inline void kahan_add(float* sum, float* comp, float x) {
    const float y = x - *comp;
    const float t = *sum + y;
    *comp = (t - *sum) - y;
    *sum = t;
}

/* out[h, i, j] = mean / max / sum of the finite cells of rows [rb[i], re[i]) × columns
   [cb[j], ce[j]) of head h of one batch element; NaN where none is finite. mode: 0 mean,
   1 max, 2 sum. Frame pooling and viewport pooling both reduce to this. */
__kernel void pool_bins(__global const float* m, long base, int Lq, int Lk,
                        __global const int* rb, __global const int* re,
                        __global const int* cb, __global const int* ce,
                        int nR, int nC, int mode, __global float* out) {
    const int j = get_global_id(0), i = get_global_id(1), h = get_global_id(2);
    if (i >= nR || j >= nC) return;
    __global const float* M = m + base + (long)h * Lq * Lk;
    float sum = 0.0f, comp = 0.0f, mx = -INFINITY;
    long n = 0;
    for (int r = rb[i]; r < re[i]; ++r)
        for (int c = cb[j]; c < ce[j]; ++c) {
            const float x = M[(long)r * Lk + c];
            if (!isfinite(x)) continue;
            if (mode == 1) mx = fmax(mx, x); else kahan_add(&sum, &comp, x);
            ++n;
        }
    float value = NAN;
    if (n > 0) value = mode == 1 ? mx : (mode == 0 ? sum / (float)n : sum);
    out[((long)h * nR + i) * nC + j] = value;
}

/* out[bh, c] = Σ over the R rows of column c of p[bh] (the pooled pass: what each key receives
   from a chunk's rows). */
__kernel void col_sums(__global const float* p, int R, int Lk, __global float* out) {
    const int c = get_global_id(0), bh = get_global_id(1);
    if (c >= Lk) return;
    __global const float* P = p + (long)bh * R * Lk + c;
    float sum = 0.0f, comp = 0.0f;
    for (int r = 0; r < R; ++r) kahan_add(&sum, &comp, P[(long)r * Lk]);
    out[(long)bh * Lk + c] = sum;
}

/* out[h, c] = mean over the listed rows of the finite cells of column c (sink scores). */
__kernel void mean_rows(__global const float* m, long base, int Lq, int Lk,
                        __global const int* rows, int nRows, __global float* out) {
    const int c = get_global_id(0), h = get_global_id(1);
    if (c >= Lk) return;
    __global const float* M = m + base + (long)h * Lq * Lk;
    float sum = 0.0f, comp = 0.0f;
    int n = 0;
    for (int t = 0; t < nRows; ++t) {
        const float x = M[(long)rows[t] * Lk + c];
        if (!isfinite(x)) continue;
        kahan_add(&sum, &comp, x);
        ++n;
    }
    out[(long)h * Lk + c] = n > 0 ? sum / (float)n : NAN;
}
)CLC";

}  // namespace attnscope::opencl
