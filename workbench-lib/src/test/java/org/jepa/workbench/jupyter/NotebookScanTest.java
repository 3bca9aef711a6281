package org.jepa.workbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookScanTest {

    /** An executed notebook as nbconvert --allow-errors writes it: cell index 3 failed. */
    static final String EXECUTED = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# title"]},
              {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["chart"],
               "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<chart>"}}]},
              {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": ["table"],
               "outputs": [{"output_type": "display_data", "metadata": {},
                            "data": {"text/html": ["<table class=\\"dataframe\\">", "<tr><td>1</td></tr></table>"]}},
                           {"output_type": "stream", "name": "stdout", "text": "<table> in a stream is not a table"}]},
              {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": ["x.foo()"],
               "outputs": [{"output_type": "error", "ename": "CompilationException", "evalue": "cannot find symbol foo",
                            "traceback": ["..."]}]},
              {"cell_type": "code", "metadata": {}, "execution_count": 4, "source": ["1/0"],
               "outputs": [{"output_type": "error", "ename": "java.lang.ArithmeticException", "evalue": "/ by zero",
                            "traceback": []}]}
             ]}
            """;

    @Test
    void findsErrorOutputsAndNamesTheCell(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("x.ipynb");
        Files.writeString(nb, EXECUTED);
        NotebookScan scan = NotebookScan.of(nb);
        assertFalse(scan.ok());
        assertEquals(2, scan.errors().size());
        assertEquals(3, scan.errors().get(0).cellIndex());
        assertEquals("CompilationException", scan.errors().get(0).ename());
        assertEquals("cell index 3: CompilationException: cannot find symbol foo", scan.errors().get(0).toString());
        assertEquals(4, scan.errors().get(1).cellIndex());
        assertEquals(5, scan.cells());
        assertEquals(4, scan.codeCells());
        assertEquals(1, scan.images());
        assertEquals(1, scan.htmlTables(), "a <table in a stream output is not counted");
    }

    @Test
    void cleanNotebookIsOk(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("ok.ipynb");
        Files.writeString(nb, EXECUTED.replaceAll("\"output_type\": \"error\"", "\"output_type\": \"stream\""));
        assertTrue(NotebookScan.of(nb).ok());
    }

    @Test
    void runnerReportsTheFirstErrorInItsStatus() {
        var scan = NotebookScan.of(parse(EXECUTED));
        var result = new LectureRunner.Result("x", "ERROR in " + scan.errors().get(0), 1.0, scan, null);
        var table = LectureRunner.summary(java.util.List.of(result));
        assertEquals("ERROR in cell index 3: CompilationException: cannot find symbol foo", table.stringColumn("status").get(0));
        assertEquals(5, table.intColumn("cells").get(0));
    }

    @Test
    void notANotebookIsOneClearError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.ipynb");
        Files.writeString(bad, "{\"cells\": ");
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> NotebookScan.of(bad));
        assertTrue(e.getMessage().contains("bad.ipynb"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> NotebookScan.of(parse("{\"nbformat\": 4}")));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
