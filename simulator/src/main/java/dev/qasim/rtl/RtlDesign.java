package dev.qasim.rtl;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SystemVerilog of an architecture's MAC array or term-serial array (docs/rtl.md): the library modules its
 * PE kind and dataflow need and a generated top module, {@code qasim_top}, whose parameters carry the
 * architecture's values. Every file opens
 * with the architecture file's name, its SHA-256 and the overrides that made it. The files are IEEE 1800-2017,
 * use no vendor primitives, and together pass {@code verilator --lint-only -Wall} (DECLFILENAME and UNUSEDPARAM
 * excepted) and Yosys's {@code read_verilog -sv}.
 */
public final class RtlDesign {
    /** The generated top module's name and file. */
    public static final String TOP = "qasim_top";

    /** The library modules of both organisations. */
    private static final List<String> COMMON = List.of("qasim_mac_lane", "qasim_delay", "qasim_fold_walker", "qasim_program");
    /** ws and is: the stationary PE, its array, the partial-sum buffer, the controller and the core. */
    private static final List<String> STATIONARY = List.of("qasim_pe_stationary", "qasim_array_stationary", "qasim_psum_buffer",
            "qasim_ctrl_stationary", "qasim_core_stationary");
    /** os: its PE, array, controller and core. */
    private static final List<String> OUTPUT_STATIONARY = List.of("qasim_pe_os", "qasim_array_os", "qasim_ctrl_os", "qasim_core_os");
    /** Term-serial: the controller's modules, the term MAC, its PE, the edge encoder, the array, buffer, controller and core. */
    private static final List<String> TERM_SERIAL = List.of("qasim_delay", "qasim_fold_walker", "qasim_program", "qasim_beat",
            "qasim_term_mac", "qasim_term_walk", "qasim_pe_term", "qasim_hese_encoder", "qasim_array_stationary", "qasim_psum_buffer",
            "qasim_ctrl_stationary", "qasim_core_term");
    /** Term-serial os: the same leaves, its PE, array, controller and core. */
    private static final List<String> TERM_SERIAL_OS = List.of("qasim_delay", "qasim_fold_walker", "qasim_program", "qasim_beat",
            "qasim_term_mac", "qasim_term_walk", "qasim_pe_term_os", "qasim_hese_encoder", "qasim_array_os", "qasim_ctrl_os",
            "qasim_core_term_os");

    private RtlDesign() {}

    /**
     * The design files of an architecture: file name to content, the top module last.
     *
     * @param version the qasim version, for the headers
     * @throws dev.qasim.input.BadInputException when the architecture has a setting the RTL does not build
     */
    public static Map<String, String> files(ArchConfig arch, RtlSource source, String version) {
        RtlConfig rtl = RtlConfig.of(arch, source.file());
        String header = source.header(version);
        Map<String, String> files = new LinkedHashMap<>();
        for (String module : modules(rtl)) {
            files.put(module + ".sv", header + library(module));
        }
        files.put(TOP + ".sv", header + top(arch, rtl));
        return files;
    }

    /** The library modules a configuration uses, leaves first. */
    static List<String> modules(RtlConfig rtl) {
        if (rtl.term()) {
            return rtl.preloads() ? TERM_SERIAL : TERM_SERIAL_OS;
        }
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(rtl.preloads() ? STATIONARY : OUTPUT_STATIONARY);
        return all;
    }

    /** The PE module of a configuration (what {@link Synthesis} synthesizes). */
    static String peModule(RtlConfig rtl) {
        if (rtl.term()) {
            return rtl.preloads() ? "qasim_pe_term" : "qasim_pe_term_os";
        }
        return rtl.preloads() ? "qasim_pe_stationary" : "qasim_pe_os";
    }

    /** A library module's source, as shipped in the jar. */
    static String library(String module) {
        try (InputStream in = RtlDesign.class.getResourceAsStream(module + ".sv")) {
            if (in == null) {
                throw new IllegalStateException("missing RTL resource " + module + ".sv");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top module: the architecture's parameters and the core of its dataflow. */
    static String top(ArchConfig arch, RtlConfig rtl) {
        if (rtl.term()) {
            return termTop(arch, rtl);
        }
        StringBuilder s = new StringBuilder();
        s.append("// ").append(arch.name()).append(": a ").append(rtl.rows()).append(" x ").append(rtl.cols()).append(' ')
                .append(rtl.dataflowName()).append(" array of MAC PEs, ").append(rtl.lanes()).append(rtl.lanes() == 1 ? " lane" : " lanes")
                .append(" each, ").append(rtl.overlap() ? "overlapped" : "back-to-back").append(" folds.\n");
        s.append("// The ports are the core's (").append(rtl.preloads() ? "qasim_core_stationary" : "qasim_core_os")
                .append("); the parameters default to the architecture's values.\n");
        s.append("module ").append(TOP).append(" #(\n");
        List<Param> params = new ArrayList<>();
        params.add(new Param("R", rtl.rows(), "array.rows"));
        params.add(new Param("C", rtl.cols(), "array.cols"));
        params.add(new Param("L", rtl.lanes(), "lanes: max(1, floor(pe.datapathBits " + arch.pe().datapathBits() + " / pe.accumulatorBits))"));
        params.add(new Param("MB", rtl.mulBits(), "pe.multiplierBits"));
        params.add(new Param("P", rtl.accBits(), "pe.accumulatorBits"));
        params.add(new Param("POLICY", rtl.policyCode(), "pe.overflow: " + rtl.policyName() + " (0 wrap, 1 saturate, 2 trap)"));
        params.add(new Param("OVERLAP", rtl.overlap() ? 1 : 0, "array.overlapFolds: " + rtl.overlap()));
        if (rtl.preloads()) {
            params.add(new Param("PSUM_DEPTH", rtl.psumDepth(), "partial sums per column: memory.ofmapSramKiB over C L slots of P bits"
                    + (rtl.psumDepth() == RtlConfig.MAX_PSUM_DEPTH ? ", at most " + RtlConfig.MAX_PSUM_DEPTH : "")));
        }
        List<Port> ports = ports(rtl);
        header(s, params, ports);
        if (rtl.preloads()) {
            s.append("    qasim_core_stationary #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY), .WS(")
                    .append(rtl.dataflow() == Dataflow.WS ? 1 : 0)
                    .append("), .OVERLAP(OVERLAP),\n            .DEPTH(PSUM_DEPTH)) u_core (\n");
        } else {
            s.append("    qasim_core_os #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY), .OVERLAP(OVERLAP)) u_core (\n");
        }
        connect(s, ports);
        return s.toString();
    }

    /** The top module of a term-serial array: the architecture's parameters and qasim_core_term. */
    private static String termTop(ArchConfig arch, RtlConfig rtl) {
        StringBuilder s = new StringBuilder();
        s.append("// ").append(arch.name()).append(": a ").append(rtl.rows()).append(" x ").append(rtl.cols())
                .append(' ').append(rtl.dataflowName()).append(" array of term-serial PEs (HESE data encoders at the edge, weights")
                .append(" term-revealed offline), ")
                .append(rtl.overlap() ? "overlapped" : "back-to-back").append(" folds, beats of ").append(rtl.beatPairCycles())
                .append(" pair cycles.\n");
        s.append("// The ports are the core's (").append(rtl.preloads() ? "qasim_core_term" : "qasim_core_term_os")
                .append("); the parameters default to the architecture's values.\n");
        s.append("module ").append(TOP).append(" #(\n");
        List<Param> params = new ArrayList<>();
        params.add(new Param("R", rtl.rows(), "array.rows"));
        params.add(new Param("C", rtl.cols(), "array.cols"));
        params.add(new Param("MB", rtl.mulBits(), "pe.multiplierBits: the data values' width at the edge"));
        params.add(new Param("P", rtl.accBits(), "pe.accumulatorBits"));
        params.add(new Param("POLICY", rtl.policyCode(), "pe.overflow: " + rtl.policyName() + " (0 wrap, 1 saturate)"));
        params.add(new Param("OVERLAP", rtl.overlap() ? 1 : 0, "array.overlapFolds: " + rtl.overlap()));
        if (rtl.preloads()) {
            params.add(new Param("PSUM_DEPTH", rtl.psumDepth(), "partial sums per column: memory.ofmapSramKiB over C slots of P bits"
                    + (rtl.psumDepth() == RtlConfig.MAX_PSUM_DEPTH ? ", at most " + RtlConfig.MAX_PSUM_DEPTH : "")));
        }
        params.add(new Param("G", rtl.groupSize(), "terms.groupSize"));
        params.add(new Param("K", rtl.groupBudget(), "terms.groupBudget: weight terms kept per group"));
        params.add(new Param("S", rtl.dataTerms(), "terms.dataTerms: data terms kept per value"));
        List<Port> ports = ports(rtl);
        header(s, params, ports);
        if (rtl.preloads()) {
            s.append("    qasim_core_term #(.R(R), .C(C), .MB(MB), .P(P), .POLICY(POLICY), .OVERLAP(OVERLAP), .DEPTH(PSUM_DEPTH), .G(G),\n")
                    .append("            .K(K), .S(S), .WS(").append(rtl.dataflow() == Dataflow.WS ? 1 : 0).append(")) u_core (\n");
        } else {
            s.append("    qasim_core_term_os #(.R(R), .C(C), .MB(MB), .P(P), .POLICY(POLICY), .OVERLAP(OVERLAP), .G(G), .K(K), .S(S))\n")
                    .append("            u_core (\n");
        }
        connect(s, ports);
        return s.toString();
    }

    /** The top module's parameter list and ports. */
    private static void header(StringBuilder s, List<Param> params, List<Port> ports) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            String value = p.value() + (i < params.size() - 1 ? "," : "");
            s.append(String.format("    parameter int %-10s = %-7s // %s%n", p.name(), value, p.comment()));
        }
        s.append(") (\n");
        for (int i = 0; i < ports.size(); i++) {
            Port p = ports.get(i);
            s.append(String.format("    %-6s logic %-16s %s%s%n", p.direction(), p.range(), p.name(), i < ports.size() - 1 ? "," : ""));
        }
        s.append(");\n");
    }

    /** The core's ports connected by name, and the module's end. */
    private static void connect(StringBuilder s, List<Port> ports) {
        StringBuilder line = new StringBuilder("       ");
        for (int i = 0; i < ports.size(); i++) {
            String name = ports.get(i).name();
            String conn = " ." + name + "(" + name + ")" + (i < ports.size() - 1 ? "," : "");
            if (line.length() + conn.length() > 116) {
                s.append(line).append('\n');
                line = new StringBuilder("       ");
            }
            line.append(conn);
        }
        s.append(line).append(");\n");
        s.append("endmodule\n");
    }

    /** A parameter of the top module, with the architecture key it comes from. */
    private record Param(String name, int value, String comment) {}

    /**
     * A port of the top module.
     *
     * @param width its width: a number, an expression of the parameters, or empty for one bit
     */
    private record Port(String direction, String width, String name) {
        String range() {
            if (width.isEmpty()) {
                return "";
            }
            return width.matches("\\d+") ? "[" + (Integer.parseInt(width) - 1) + ":0]" : "[" + width + "-1:0]";
        }
    }

    /** The core's ports, in order. */
    private static List<Port> ports(RtlConfig rtl) {
        List<Port> p = new ArrayList<>();
        for (String control : List.of("clk", "rst_n", "start")) {
            p.add(new Port("input", "", control));
        }
        for (String cfg : List.of("cfg_t", "cfg_folds", "cfg_row_folds", "cfg_col_folds", "cfg_rows_last", "cfg_slots_last")) {
            p.add(new Port("input", "32", cfg));
        }
        p.add(new Port("input", "", "cfg_data_signed"));
        for (String status : List.of("busy", "done", "error", "overflowed", "trapped")) {
            p.add(new Port("output", "", status));
        }
        if (rtl.term() && !rtl.preloads()) {
            p.add(new Port("output", "", "str_pop"));
            p.add(new Port("input", "R*G*MB", "str_vec"));
            p.add(new Port("input", "C*K*" + rtl.weightTermBits(), "w_vec"));
            p.add(new Port("output", "R*C", "out_valid"));
            p.add(new Port("output", "R*C*P", "out_data"));
            p.add(new Port("output", "R*C", "ovf"));
            p.add(new Port("output", "", "beat_first"));
            p.add(new Port("output", "", "pair_first"));
            return p;
        }
        if (rtl.term()) {
            p.add(new Port("output", "", "pre_pop"));
            boolean ws = rtl.dataflow() == Dataflow.WS;
            String weightTerms = "K*" + rtl.weightTermBits();
            p.add(new Port("input", "C*" + (ws ? weightTerms : "G*MB"), "pre_vec"));
            p.add(new Port("output", "", "str_pop"));
            p.add(new Port("input", "R*" + (ws ? "G*MB" : weightTerms), "str_vec"));
            p.add(new Port("output", "C", "out_valid"));
            p.add(new Port("output", "C*P", "out_data"));
            p.add(new Port("output", "R*C", "ovf"));
            p.add(new Port("output", "", "beat_first"));
            p.add(new Port("output", "", "pair_first"));
            return p;
        }
        if (rtl.preloads()) {
            p.add(new Port("output", "", "pre_pop"));
            p.add(new Port("input", "C*L*MB", "pre_vec"));
            p.add(new Port("output", "", "str_pop"));
            p.add(new Port("input", "R*MB", "str_vec"));
            p.add(new Port("output", "C*L", "out_valid"));
            p.add(new Port("output", "C*L*P", "out_data"));
        } else {
            p.add(new Port("output", "", "str_pop"));
            p.add(new Port("input", "R*MB", "str_vec"));
            p.add(new Port("input", "C*L*MB", "w_vec"));
            p.add(new Port("output", "R*C*L", "out_valid"));
            p.add(new Port("output", "R*C*L*P", "out_data"));
        }
        p.add(new Port("output", "R*C*L", "ovf"));
        return p;
    }
}
