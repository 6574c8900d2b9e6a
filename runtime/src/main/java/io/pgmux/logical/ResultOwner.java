package io.pgmux.logical;

import java.sql.Statement;

/** Whoever keeps a server connection for a logical result set: a statement, or a metadata call. */
interface ResultOwner {

    /** The result set is closed or was read to its end: its server-side result is no longer needed. */
    void resultEnded(LogicalResultSet result);

    /** What {@code ResultSet.getStatement()} answers: the logical statement, or null for metadata results. */
    Statement logicalStatement();

    LogicalConnection logicalConnection();

    /** What identifies the shape of the owner's current result for reuse of its column facts, or null. */
    String resultShapeKey();

    /** The holdability the owner's results have (the driver's result sets do not report it). */
    int resultHoldability();
}
