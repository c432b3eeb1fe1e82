// Co-simulation testbench (qasim's tests, not part of a design). Runs one layer on the Verilated wrapper
// (tb_stationary, tb_os or tb_term around the generated qasim_top) and writes, cycle by cycle, the values at the
// array's edges, the outputs and the overflow events.
//
//   tb PROGRAM TRACE MAX_CYCLES
//
// PROGRAM (written by qasim's tests):
//   cfg T FOLDS ROW_FOLDS COL_FOLDS ROWS_LAST SLOTS_LAST DATA_SIGNED
//   pre N W      then N lines of W values: the preload vectors in the order they are popped (ws/is)
//   str N W      then N lines of W values: the stream vectors (os: R data values, then C L weights)
// Values are MB-bit patterns (unsigned decimal); a term-serial array's preload vectors hold C K weight terms of
// Q_WB bits each and its stream vectors R G data values.
//
// TRACE: one line per event, "CYCLE SIGNAL ROW COL LANE VALUE"; operands as MB-bit patterns, partial sums and
// outputs as signed P-bit values:
//   in     the stream element entering PE(r, 0)                   (cycle: combinational inputs of the cycle)
//   pre    ws/is: a preload value entering PE(0, c), ROW = its row
//   w      os: a weight entering PE(0, c)
//   psin   ws/is: the partial sum entering PE(0, c) with a valid element
//   psout  ws/is: the partial sum PE(R-1, c) computed                (cycle: registers after the cycle's edge)
//   out    a final output (ws/is: the bottom of the last row fold; os: a side port)
//   ovf    an overflow event of PE(r, c)'s lane
// A term-serial array moves once a beat: its in, pre, psin, psout and out lines carry the beat's first pair
// cycle, LANE is a value's place in its group, and the operands are the values of their terms (the encoded data,
// the revealed weights), signed; its ovf lines carry the cycle of the pair that overflowed.
// and at the end "end CYCLES TRAPPED ERROR PRE_POPPED STR_POPPED", or "timeout CYCLES".
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "Vtb.h"
#include "tb_config.h"  // written by the harness: Q_OS (0 ws/is, 1 os), Q_R, Q_C, Q_L, Q_MB, Q_P, Q_RW,
                        // Q_TERM (1 term-serial), Q_WS (1 ws), Q_G, Q_K, Q_S, Q_EW, Q_WB
#include "verilated.h"

namespace {

constexpr int R = Q_R, C = Q_C, L = Q_L, MB = Q_MB, P = Q_P;
constexpr int PRE_BITS = Q_TERM && Q_WS ? Q_WB : MB;  // an entry of a preload vector
constexpr int STR_BITS = Q_TERM && !Q_WS ? Q_WB : MB; // an entry of a stream vector

uint64_t mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

// Verilator hands ports of up to 64 bits over as integers and wider ones as VlWide word arrays.
template <typename T> uint64_t get(const T& port, int lsb, int width) {
    return (static_cast<uint64_t>(port) >> lsb) & mask(width);
}
template <std::size_t N> uint64_t get(const VlWide<N>& port, int lsb, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; i++) {
        int b = lsb + i;
        v |= static_cast<uint64_t>((port[b / 32] >> (b % 32)) & 1u) << i;
    }
    return v;
}
template <typename T> void set(T& port, int lsb, int width, uint64_t value) {
    uint64_t m = mask(width) << lsb;
    uint64_t p = static_cast<uint64_t>(port);
    port = static_cast<T>((p & ~m) | ((value << lsb) & m));
}
template <std::size_t N> void set(VlWide<N>& port, int lsb, int width, uint64_t value) {
    for (int i = 0; i < width; i++) {
        int b = lsb + i;
        uint32_t bit = 1u << (b % 32);
        port[b / 32] = ((value >> i) & 1) ? (port[b / 32] | bit) : (port[b / 32] & ~bit);
    }
}
int64_t signedValue(uint64_t v, int width) {
    if (width >= 64) return static_cast<int64_t>(v);
    return static_cast<int64_t>(v << (64 - width)) >> (64 - width);
}

std::vector<std::vector<uint64_t>> readVectors(std::istream& in, const char* name) {
    std::string tag;
    size_t n = 0, w = 0;
    in >> tag >> n >> w;
    if (tag != name) {
        std::fprintf(stderr, "tb: expected section %s, found %s\n", name, tag.c_str());
        std::exit(2);
    }
    std::vector<std::vector<uint64_t>> vectors(n, std::vector<uint64_t>(w));
    for (auto& v : vectors)
        for (auto& x : v) in >> x;
    return vectors;
}

#if Q_TERM
constexpr int G = Q_G, K = Q_K, S = Q_S, EW = Q_EW, TB = 2 + EW;

// The value of a term list: valid terms +-2^exponent.
int64_t termValue(uint64_t term) {
    if (!(term & 1)) return 0;
    int64_t v = int64_t{1} << ((term >> 2) & mask(EW));
    return (term & 2) ? -v : v;
}

// A group's G values from its G S data terms at bit lsb of a port.
template <typename T> void dataValues(const T& port, int lsb, int64_t* values) {
    for (int j = 0; j < G; j++) {
        values[j] = 0;
        for (int t = 0; t < S; t++) values[j] += termValue(get(port, lsb + (j * S + t) * TB, TB));
    }
}

// A group's G revealed weights from its K weight terms at bit lsb of a port.
template <typename T> void weightValues(const T& port, int lsb, int64_t* values) {
    for (int j = 0; j < G; j++) values[j] = 0;
    for (int i = 0; i < K; i++) {
        uint64_t w = get(port, lsb + i * Q_WB, Q_WB);
        uint64_t j = w >> TB;
        if ((w & 1) && j < G) values[j] += termValue(w & mask(TB));
    }
}
constexpr int STREAM_TERM_BITS = Q_WS ? G * S * TB : K * Q_WB;  // a row's terms at the left edge
constexpr int PRE_TERM_BITS = Q_WS ? K * Q_WB : G * S * TB;     // a column's terms at the top edge
#endif

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: tb PROGRAM TRACE MAX_CYCLES\n");
        return 2;
    }
    std::ifstream program(argv[1]);
    std::string tag;
    uint64_t cfg[7];
    program >> tag;
    for (auto& c : cfg) program >> c;
    if (!program || tag != "cfg") {
        std::fprintf(stderr, "tb: %s does not start with a cfg line\n", argv[1]);
        return 2;
    }
    auto pre = readVectors(program, "pre");
    auto str = readVectors(program, "str");
    if (!program) {
        std::fprintf(stderr, "tb: %s is truncated\n", argv[1]);
        return 2;
    }
    long maxCycles = std::atol(argv[3]);
    FILE* out = std::fopen(argv[2], "w");
    if (!out) {
        std::perror(argv[2]);
        return 2;
    }
    static char buffer[1 << 20];
    std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

    auto context = std::make_unique<VerilatedContext>();
    auto top = std::make_unique<Vtb>(context.get());
    auto tick = [&] {
        top->clk = 0;
        top->eval();
        top->clk = 1;
        top->eval();
    };
    top->rst_n = 0;
    top->start = 0;
    tick();
    tick();
    top->rst_n = 1;
    top->cfg_t = cfg[0];
    top->cfg_folds = cfg[1];
    top->cfg_row_folds = cfg[2];
    top->cfg_col_folds = cfg[3];
    top->cfg_rows_last = cfg[4];
    top->cfg_slots_last = cfg[5];
    top->cfg_data_signed = cfg[6];
    top->start = 1;
    tick();
    top->start = 0;

    size_t prePopped = 0, strPopped = 0;
    long beatCycle = 0;  // term-serial: the first pair cycle of the current beat
    (void)beatCycle;
    for (long cycle = 0;; cycle++) {
        top->clk = 0;
        top->eval();  // the pops depend on registers only
#if !Q_OS
        if (top->pre_pop) {
            if (prePopped == pre.size()) {
                std::fprintf(stderr, "tb: cycle %ld pops preload vector %zu of %zu\n", cycle, prePopped + 1, pre.size());
                return 3;
            }
            for (size_t j = 0; j < pre[prePopped].size(); j++) set(top->pre_vec, j * PRE_BITS, PRE_BITS, pre[prePopped][j]);
            prePopped++;
        }
#endif
        if (top->str_pop) {
            if (strPopped == str.size()) {
                std::fprintf(stderr, "tb: cycle %ld pops stream vector %zu of %zu\n", cycle, strPopped + 1, str.size());
                return 3;
            }
#if Q_TERM && Q_OS
            for (int j = 0; j < R * G; j++) set(top->str_vec, j * MB, MB, str[strPopped][j]);
            for (int j = 0; j < C * K; j++) set(top->w_vec, j * Q_WB, Q_WB, str[strPopped][R * G + j]);
#elif Q_TERM
            for (size_t j = 0; j < str[strPopped].size(); j++) set(top->str_vec, j * STR_BITS, STR_BITS, str[strPopped][j]);
#else
            for (int r = 0; r < R; r++) set(top->str_vec, r * MB, MB, str[strPopped][r]);
#if Q_OS
            for (int j = 0; j < C * L; j++) set(top->w_vec, j * MB, MB, str[strPopped][R + j]);
#endif
#endif
            strPopped++;
        }
        top->eval();
        // what enters the array in this cycle
#if Q_TERM
        if (top->pair_first) {
            beatCycle = cycle;
            int64_t values[G];
#if Q_OS
            for (int r = 0; r < R; r++)
                if (get(top->obs_stream_flags, r * 4, 1)) {
                    dataValues(top->obs_stream, r * G * S * TB, values);
                    for (int j = 0; j < G; j++) std::fprintf(out, "%ld in %d 0 %d %lld\n", cycle, r, j, (long long)values[j]);
                }
            for (int c = 0; c < C; c++)
                if (get(top->obs_pe_flags, c * 4, 1)) {
                    weightValues(top->obs_weights, c * K * Q_WB, values);
                    for (int j = 0; j < G; j++) std::fprintf(out, "%ld w 0 %d %d %lld\n", cycle, c, j, (long long)values[j]);
                }
#else
            for (int r = 0; r < R; r++)
                if (get(top->obs_stream_flags, r * 6, 1)) {
                    if (Q_WS) dataValues(top->obs_stream, r * STREAM_TERM_BITS, values);
                    else weightValues(top->obs_stream, r * STREAM_TERM_BITS, values);
                    for (int j = 0; j < G; j++) std::fprintf(out, "%ld in %d 0 %d %lld\n", cycle, r, j, (long long)values[j]);
                }
            for (int c = 0; c < C; c++) {
                if (get(top->obs_pre_valid, c, 1)) {
                    int dest = static_cast<int>(get(top->obs_pre_dest, c * Q_RW, Q_RW));
                    if (Q_WS) weightValues(top->obs_pre, c * PRE_TERM_BITS, values);
                    else dataValues(top->obs_pre, c * PRE_TERM_BITS, values);
                    for (int j = 0; j < G; j++) std::fprintf(out, "%ld pre %d %d %d %lld\n", cycle, dest, c, j, (long long)values[j]);
                }
                if (get(top->obs_top_valid, c, 1))
                    std::fprintf(out, "%ld psin 0 %d 0 %lld\n", cycle, c, (long long)signedValue(get(top->obs_psum_top, c * P, P), P));
            }
#endif
        }
#else
        for (int r = 0; r < R; r++) {
#if Q_OS
            if (get(top->obs_stream_flags, r * 4, 1))
#else
            if (get(top->obs_stream_flags, r * 6, 1))
#endif
                std::fprintf(out, "%ld in %d 0 0 %llu\n", cycle, r, (unsigned long long)get(top->obs_stream, r * MB, MB));
        }
#if Q_OS
        for (int c = 0; c < C; c++)
            if (get(top->obs_pe_flags, c * 4, 1))
                for (int l = 0; l < L; l++)
                    std::fprintf(out, "%ld w 0 %d %d %llu\n", cycle, c, l,
                                 (unsigned long long)get(top->obs_weights, (c * L + l) * MB, MB));
#else
        for (int c = 0; c < C; c++) {
            if (get(top->obs_pre_valid, c, 1)) {
                int dest = static_cast<int>(get(top->obs_pre_dest, c * Q_RW, Q_RW));
                for (int l = 0; l < L; l++)
                    std::fprintf(out, "%ld pre %d %d %d %llu\n", cycle, dest, c, l,
                                 (unsigned long long)get(top->obs_pre, (c * L + l) * MB, MB));
            }
            if (get(top->obs_top_valid, c, 1))
                for (int l = 0; l < L; l++)
                    std::fprintf(out, "%ld psin 0 %d %d %lld\n", cycle, c, l,
                                 (long long)signedValue(get(top->obs_psum_top, (c * L + l) * P, P), P));
        }
#endif
#endif
        top->clk = 1;
        top->eval();
        // what the cycle's clock edge put into the registers (a term-serial array's outputs of a beat after its
        // last edge, at its first pair cycle)
        long at = Q_TERM ? beatCycle : cycle;
#if Q_OS
        for (int i = 0; i < R * C * L; i++)
            if (get(top->out_valid, i, 1))
                std::fprintf(out, "%ld out %d %d %d %lld\n", at, i / L / C, i / L % C, i % L,
                             (long long)signedValue(get(top->out_data, i * P, P), P));
#else
#if Q_TERM
        bool beatEnded = top->beat_first;
#else
        bool beatEnded = true;
#endif
        for (int c = 0; c < C; c++)
            if (get(top->obs_bottom_valid, c, 1) && beatEnded)
                for (int l = 0; l < L; l++)
                    std::fprintf(out, "%ld psout %d %d %d %lld\n", at, R - 1, c, l,
                                 (long long)signedValue(get(top->obs_psum_bottom, (c * L + l) * P, P), P));
        for (int j = 0; j < C * L; j++)
            if (get(top->out_valid, j, 1))
                std::fprintf(out, "%ld out %d %d %d %lld\n", at, R - 1, j / L, j % L,
                             (long long)signedValue(get(top->out_data, j * P, P), P));
#endif
        for (int i = 0; i < R * C * L; i++)
            if (get(top->ovf, i, 1)) std::fprintf(out, "%ld ovf %d %d %d 0\n", cycle, i / L / C, i / L % C, i % L);
        if (top->error || top->done || top->trapped) {
            std::fprintf(out, "end %ld %d %d %zu %zu\n", cycle + 1, top->trapped ? 1 : 0, top->error ? 1 : 0, prePopped,
                         strPopped);
            break;
        }
        if (cycle + 1 >= maxCycles) {
            std::fprintf(out, "timeout %ld\n", cycle + 1);
            break;
        }
    }
    top->final();
    std::fclose(out);
    return 0;
}
