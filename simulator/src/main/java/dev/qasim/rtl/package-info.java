/**
 * Floor 6: the RTL twin (docs/rtl.md). {@link RtlDesign} writes synthesizable SystemVerilog for an
 * architecture's MAC array (its PEs with their widths and overflow policy, lanes, the skewed edges, ws/is's
 * preload and partial-sum buffer, os's side ports, the fold controller) or its term-serial array (HESE
 * data encoders at the edge, weights term-revealed offline by the host, term MACs, budget-synchronous beats) from
 * the parameters of {@link RtlConfig}; {@link Synthesis} runs Yosys on one PE and sets its cells beside the energy model's area.
 * The co-simulation that proves the stepped engine equal to the RTL cycle for cycle lives in the tests.
 */
package dev.qasim.rtl;
