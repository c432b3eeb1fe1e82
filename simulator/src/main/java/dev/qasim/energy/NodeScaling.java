package dev.qasim.energy;

import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published technology-node and supply-voltage scaling (Stillmaker and Baas, Integration 2017; the factors and
 * the rules are in {@code arch-configs/energy/scaling/stillmaker-baas-2017.yaml}, docs/energy.md explains them):
 * energy per operation E(n, V) = a V^2 + b V + c per node, area factors between every pair of nodes, and qasim's
 * rule for static power (area factor times V / V0). Only the source's nodes are known: there is no interpolation
 * between nodes.
 */
public final class NodeScaling {
    /** The factors' file, packaged with the simulator beside the shipped tables. */
    static final String RESOURCE = "/dev/qasim/energy/scaling/stillmaker-baas-2017.yaml";
    private static final NodeScaling DEFAULT = load();

    private final String source;
    private final Map<Integer, double[]> energy;
    private final List<Integer> areaNodes;
    private final Map<Integer, double[]> area;
    private final String energyFrom;
    private final String areaFrom;

    private NodeScaling(String source, Map<Integer, double[]> energy, String energyFrom, List<Integer> areaNodes,
                        Map<Integer, double[]> area, String areaFrom) {
        this.source = source;
        this.energy = energy;
        this.energyFrom = energyFrom;
        this.areaNodes = areaNodes;
        this.area = area;
        this.areaFrom = areaFrom;
    }

    /** The shipped factors. */
    public static NodeScaling stillmakerBaas() {
        return DEFAULT;
    }

    /** The source of the factors. */
    public String source() {
        return source;
    }

    /** Which of the source's tables the energy and area factors are (for reports). */
    public String tables() {
        return "energy: " + energyFrom + "; area: " + areaFrom;
    }

    /** The nodes the factors cover, nm, largest first. */
    public List<Integer> nodes() {
        return areaNodes;
    }

    /** Whether the source has factors for this node. */
    public boolean knows(double nm) {
        return nm == Math.rint(nm) && energy.containsKey((int) nm) && area.containsKey((int) nm);
    }

    /** E(n, V) = a V^2 + b V + c of the source's fit for node {@code nm} (a relative energy per operation). */
    public double energyFit(double nm, double volts) {
        double[] abc = energy.get(node(nm));
        return abc[0] * volts * volts + abc[1] * volts + abc[2];
    }

    /** The factor from (n0, V0) to (n, V) for an energy per operation: E(n, V) / E(n0, V0). */
    public double energyFactor(double fromNm, double fromV, double toNm, double toV) {
        return energyFit(toNm, toV) / energyFit(fromNm, fromV);
    }

    /** The factor from node n0 to node n for an area: the source's table entry (row n0, column n). */
    public double areaFactor(double fromNm, double toNm) {
        return area.get(node(fromNm))[areaNodes.indexOf(node(toNm))];
    }

    /** qasim's rule for static power: the area factor times V / V0 (leakage density per area held). */
    public double staticFactor(double fromNm, double fromV, double toNm, double toV) {
        return areaFactor(fromNm, toNm) * toV / fromV;
    }

    private int node(double nm) {
        if (!knows(nm)) {
            throw new IllegalArgumentException("no published factors for " + nm + " nm; the nodes are " + areaNodes);
        }
        return (int) nm;
    }

    private static NodeScaling load() {
        try (InputStream in = NodeScaling.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the scaling factors " + RESOURCE + " are missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse(YamlDocument.of(RESOURCE, YamlFiles.parseMapping(text, RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks the factors' file (a broken shipped file is a build error, said by the tests). */
    static NodeScaling parse(YamlDocument doc) {
        Section root = doc.root();
        root.requiredString("name");
        String source = root.requiredString("source");
        Section e = root.section("energy");
        e.requiredString("rule");
        String energyFrom = e.requiredString("from");
        Map<Integer, double[]> energy = new LinkedHashMap<>();
        for (Section n : e.sections("nodes")) {
            energy.put(n.requiredInteger("nm", 1, 1000), new double[] {n.requiredNumber("a", -1e6, 1e6),
                    n.requiredNumber("b", -1e6, 1e6), n.requiredNumber("c", -1e6, 1e6)});
            n.finish();
        }
        e.finish();
        Section a = root.section("area");
        a.requiredString("rule");
        String areaFrom = a.requiredString("from");
        List<Integer> to = new ArrayList<>();
        for (double nm : positives(a, "to", -1)) {
            to.add((int) nm);
        }
        Map<Integer, double[]> area = new LinkedHashMap<>();
        for (Section r : a.sections("rows")) {
            int from = r.requiredInteger("from", 1, 1000);
            area.put(from, positives(r, "factors", to.size()));
            r.finish();
        }
        a.finish();
        Section s = root.section("static");
        s.requiredString("rule");
        s.finish();
        root.finish();
        doc.problems().throwIfAny();
        if (!area.keySet().containsAll(to) || !energy.keySet().equals(area.keySet())) {
            throw new IllegalStateException(RESOURCE + ": the energy nodes, the area rows and the area columns must be the same nodes");
        }
        return new NodeScaling(source, energy, energyFrom, List.copyOf(to), area, areaFrom);
    }

    /** A list of numbers greater than 0, of {@code count} entries (-1: any number of them, at least one). */
    private static double[] positives(Section s, String key, int count) {
        var raw = s.raw(key);
        String rule = "must be a list of " + (count < 0 ? "" : count + " ") + "numbers greater than 0";
        if (raw == null || !raw.isArray() || raw.isEmpty() || (count >= 0 && raw.size() != count)) {
            s.problem(key, raw, rule);
            return new double[Math.max(count, 0)];
        }
        double[] v = new double[raw.size()];
        for (int i = 0; i < v.length; i++) {
            if (!raw.get(i).isNumber() || !(raw.get(i).asDouble() > 0)) {
                s.problem(key, raw, rule);
            }
            v[i] = raw.get(i).asDouble();
        }
        return v;
    }
}
