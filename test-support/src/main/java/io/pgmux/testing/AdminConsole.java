package io.pgmux.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PgBouncer admin console, read with psql. pgjdbc cannot use it: the console reports
 * {@code server_version = 1.18.0/bouncer}, so the driver sends {@code SET extra_float_digits} on connect,
 * and the console refuses that SET.
 */
abstract class AdminConsole {

    /** Runs one command; rows of its result as column to text (empty text for NULL), none for commands without rows. */
    final List<Map<String, String>> run(String command) {
        return parseCsv(psqlCsv(command));
    }

    /** Output of {@code psql --csv -c command} against the console, or an unchecked exception with psql's message. */
    abstract String psqlCsv(String command);

    static List<String> psqlArguments(String psql, String host, int port, String user, String command) {
        return List.of(psql, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port),
                "-U", user, "-d", "pgbouncer", "-c", command);
    }

    static List<Map<String, String>> parseCsv(String csv) {
        List<List<String>> records = records(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        if (records.isEmpty()) {
            return rows;
        }
        List<String> header = records.get(0);
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < record.size() ? record.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** RFC 4180 records: fields in double quotes may hold commas, newlines and doubled quotes. */
    private static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean lineHasContent = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                lineHasContent = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                lineHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                if (lineHasContent || field.length() > 0) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                lineHasContent = false;
            } else {
                field.append(c);
                lineHasContent = true;
            }
        }
        if (lineHasContent || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
