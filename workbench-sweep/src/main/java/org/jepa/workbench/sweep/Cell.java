package org.jepa.workbench.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jepa.workbench.WorkbenchException;

/**
 * One configuration of a {@link Sweep}: named parameters in the grid's order, e.g.
 * {@code {objective=VICReg, seed=3}}. Values are strings, integers, doubles or booleans, so that a cell
 * travels to a Spark executor and back through a JSON file unchanged.
 *
 * @param params the parameters, in grid order (unmodifiable)
 */
public record Cell(Map<String, Object> params) implements Serializable {

    public Cell {
        WorkbenchException.require(params != null && !params.isEmpty(), "Cell: no parameters");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object v = e.getValue();
            WorkbenchException.require(v instanceof String || v instanceof Integer || v instanceof Double
                            || v instanceof Boolean || v instanceof Long,
                    "Cell parameter '" + e.getKey() + "' = " + v + " (" + (v == null ? "null" : v.getClass().getSimpleName())
                            + "): use a String, Integer, Long, Double or Boolean");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * A stable identity for resuming: {@code name=value} pairs sorted by name, e.g. {@code objective=VICReg, seed=3}
     * (sorted, so that a cell given as an unordered map is the same cell in every run).
     */
    public String key() {
        StringJoiner j = new StringJoiner(", ");
        new java.util.TreeMap<>(params).forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** True when the cell has parameter {@code name}. */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** Parameter {@code name} as text. */
    public String string(String name) {
        return String.valueOf(get(name));
    }

    /** Parameter {@code name} as an int (integral values only). */
    public int integer(String name) {
        Object v = get(name);
        WorkbenchException.require(v instanceof Integer || v instanceof Long,
                "Cell parameter '" + name + "' = " + v + " is not an integer");
        return Math.toIntExact(((Number) v).longValue());
    }

    /** Parameter {@code name} as a double. */
    public double number(String name) {
        Object v = get(name);
        WorkbenchException.require(v instanceof Number, "Cell parameter '" + name + "' = " + v + " is not a number");
        return ((Number) v).doubleValue();
    }

    /** Parameter {@code name}, or {@code fallback} when the cell has none. */
    public int integer(String name, int fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /** Parameter {@code name}, or {@code fallback} when the cell has none. */
    public double number(String name, double fallback) {
        return has(name) ? number(name) : fallback;
    }

    /** Parameter {@code name}, or {@code fallback} when the cell has none. */
    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    private Object get(String name) {
        WorkbenchException.require(params.containsKey(name),
                "Cell " + this + " has no parameter '" + name + "'; add it to the sweep's grid");
        return params.get(name);
    }

    /** The parameters in column order, e.g. {@code {objective=VICReg, seed=3}}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        params.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
