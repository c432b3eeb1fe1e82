package dev.qasim.rtl;

import dev.qasim.config.ArchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SystemVerilog of an architecture's MAC array (docs/rtl.md): the library modules its dataflow needs and a
 * generated top module, {@code qasim_top}, whose parameters carry the architecture's values. Every file opens
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
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(rtl.preloads() ? STATIONARY : OUTPUT_STATIONARY);
        return all;
    }

    /** The PE module of a configuration (what {@link Synthesis} synthesizes). */
    static String peModule(RtlConfig rtl) {
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
        StringBuilder s = new StringBuilder();
        s.append("// ").append(arch.name()).append(": a ").append(rtl.rows()).append(" x ").append(rtl.cols()).append(' ')
                .append(rtl.dataflowName()).append(" array of MAC PEs, ").append(rtl.lanes()).append(rtl.lanes() == 1 ? " lane" : " lanes")
                .append(" each, ").append(rtl.overlap() ? "overlapped" : "back-to-back").append(" folds.\n");
        s.append("// The ports are the core's (").append(rtl.preloads() ? "qasim_core_stationary" : "qasim_core_os")
                .append("); the parameters default to the architecture's values.\n");
        s.append("module ").append(TOP).append(" #(\n");
        List<String[]> params = new ArrayList<>();
        params.add(param("R", rtl.rows(), "array.rows"));
        params.add(param("C", rtl.cols(), "array.cols"));
        params.add(param("L", rtl.lanes(), "lanes: max(1, floor(pe.datapathBits " + arch.pe().datapathBits() + " / pe.accumulatorBits))"));
        params.add(param("MB", rtl.mulBits(), "pe.multiplierBits"));
        params.add(param("P", rtl.accBits(), "pe.accumulatorBits"));
        params.add(param("POLICY", rtl.policyCode(), "pe.overflow: " + rtl.policyName() + " (0 wrap, 1 saturate, 2 trap)"));
        params.add(param("OVERLAP", rtl.overlap() ? 1 : 0, "array.overlapFolds: " + rtl.overlap()));
        if (rtl.preloads()) {
            params.add(param("PSUM_DEPTH", rtl.psumDepth(), "partial sums per column: memory.ofmapSramKiB over C L slots of P bits"
                    + (rtl.psumDepth() == RtlConfig.MAX_PSUM_DEPTH ? ", at most " + RtlConfig.MAX_PSUM_DEPTH : "")));
        }
        for (int i = 0; i < params.size(); i++) {
            String[] p = params.get(i);
            String value = p[1] + (i < params.size() - 1 ? "," : "");
            s.append(String.format("    parameter int %-10s = %-7s // %s%n", p[0], value, p[2]));
        }
        s.append(") (\n");
        List<String[]> ports = ports(rtl);
        for (int i = 0; i < ports.size(); i++) {
            String[] p = ports.get(i);
            String width = p[1].isEmpty() ? "" : p[1].matches("\\d+") ? "[" + (Integer.parseInt(p[1]) - 1) + ":0]" : "[" + p[1] + "-1:0]";
            s.append(String.format("    %-6s logic %-16s %s%s%n", p[0], width, p[2],
                    i < ports.size() - 1 ? "," : ""));
        }
        s.append(");\n");
        if (rtl.preloads()) {
            s.append("    qasim_core_stationary #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY), .WS(")
                    .append(rtl.dataflow() == dev.qasim.config.Dataflow.WS ? 1 : 0)
                    .append("), .OVERLAP(OVERLAP),\n            .DEPTH(PSUM_DEPTH)) u_core (\n");
        } else {
            s.append("    qasim_core_os #(.R(R), .C(C), .L(L), .MB(MB), .P(P), .POLICY(POLICY), .OVERLAP(OVERLAP)) u_core (\n");
        }
        StringBuilder line = new StringBuilder("       ");
        for (int i = 0; i < ports.size(); i++) {
            String name = ports.get(i)[2];
            String conn = " ." + name + "(" + name + ")" + (i < ports.size() - 1 ? "," : "");
            if (line.length() + conn.length() > 116) {
                s.append(line).append('\n');
                line = new StringBuilder("       ");
            }
            line.append(conn);
        }
        s.append(line).append(");\n");
        s.append("endmodule\n");
        return s.toString();
    }

    private static String[] param(String name, int value, String comment) {
        return new String[] {name, Integer.toString(value), comment};
    }

    /** The core's ports: direction, width expression (empty for one bit), name. */
    private static List<String[]> ports(RtlConfig rtl) {
        List<String[]> p = new ArrayList<>();
        p.add(new String[] {"input", "", "clk"});
        p.add(new String[] {"input", "", "rst_n"});
        p.add(new String[] {"input", "", "start"});
        for (String cfg : List.of("cfg_t", "cfg_folds", "cfg_row_folds", "cfg_col_folds", "cfg_rows_last", "cfg_slots_last")) {
            p.add(new String[] {"input", "32", cfg});
        }
        p.add(new String[] {"input", "", "cfg_data_signed"});
        for (String status : List.of("busy", "done", "error", "overflowed", "trapped")) {
            p.add(new String[] {"output", "", status});
        }
        if (rtl.preloads()) {
            p.add(new String[] {"output", "", "pre_pop"});
            p.add(new String[] {"input", "C*L*MB", "pre_vec"});
            p.add(new String[] {"output", "", "str_pop"});
            p.add(new String[] {"input", "R*MB", "str_vec"});
            p.add(new String[] {"output", "C*L", "out_valid"});
            p.add(new String[] {"output", "C*L*P", "out_data"});
        } else {
            p.add(new String[] {"output", "", "str_pop"});
            p.add(new String[] {"input", "R*MB", "str_vec"});
            p.add(new String[] {"input", "C*L*MB", "w_vec"});
            p.add(new String[] {"output", "R*C*L", "out_valid"});
            p.add(new String[] {"output", "R*C*L*P", "out_data"});
        }
        p.add(new String[] {"output", "R*C*L", "ovf"});
        return p;
    }
}
