package org.jepa.workbench.jupyter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jepa.workbench.WorkbenchException;

/**
 * What an executed notebook (.ipynb JSON, nbformat 4) contains: cells, inline images, HTML tables and
 * error outputs. {@code nbconvert --allow-errors} exits 0 even when cells fail, so this scan is what
 * decides whether a lecture ran.
 *
 * @param cells      all cells
 * @param codeCells  code cells
 * @param images     {@code image/png} outputs
 * @param htmlTables {@code text/html} outputs containing a {@code <table}
 * @param errors     error outputs, in cell order
 */
public record NotebookScan(int cells, int codeCells, int images, int htmlTables, List<CellError> errors) {

    /**
     * One error output.
     *
     * @param cellIndex index of the cell in the notebook, from 0
     * @param ename     exception class
     * @param evalue    exception message
     */
    public record CellError(int cellIndex, String ename, String evalue) {
        @Override
        public String toString() {
            return "cell index " + cellIndex + ": " + ename + (evalue == null || evalue.isBlank() ? "" : ": " + evalue);
        }
    }

    /** Whether no cell produced an error. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** Scans a notebook file. */
    public static NotebookScan of(Path ipynb) {
        try {
            return of(new ObjectMapper().readTree(ipynb.toFile()));
        } catch (IOException e) {
            throw new WorkbenchException("cannot read notebook " + ipynb + ": " + e.getMessage(), e);
        }
    }

    /** Scans a parsed notebook. */
    public static NotebookScan of(JsonNode notebook) {
        JsonNode cellNodes = notebook.path("cells");
        WorkbenchException.require(cellNodes.isArray(), "not a notebook: no 'cells' array");
        int code = 0, images = 0, tables = 0;
        List<CellError> errors = new ArrayList<>();
        for (int i = 0; i < cellNodes.size(); i++) {
            JsonNode cell = cellNodes.get(i);
            if (!"code".equals(cell.path("cell_type").asText())) continue;
            code++;
            for (JsonNode out : cell.path("outputs")) {
                String type = out.path("output_type").asText();
                if ("error".equals(type)) {
                    errors.add(new CellError(i, out.path("ename").asText(), out.path("evalue").asText()));
                    continue;
                }
                JsonNode data = out.path("data");
                if (data.has("image/png")) images++;
                if (text(data.path("text/html")).contains("<table")) tables++;
            }
        }
        return new NotebookScan(cellNodes.size(), code, images, tables, List.copyOf(errors));
    }

    /** nbformat stores text either as a string or as a list of lines. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(n.asText()));
            return sb.toString();
        }
        return node.asText("");
    }
}
