package io.pgmux.sample.boot;

import java.sql.SQLException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures into JSON. Conflicts between concurrent transactions (serialization failure,
 * deadlock, a lost optimistic-lock race) answer 409 so that a client knows to retry.
 */
@RestControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    // serialization_failure, deadlock_detected
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40001", "40P01");

    @ExceptionHandler
    ResponseEntity<ErrorBody> notFound(AccountNotFoundException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage(), null, false);
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> ruleViolation(RuleViolationException e) {
        return answer(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), null, false);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ErrorBody> databaseFailure(RuntimeException e) {
        SQLException sql = sqlCause(e);
        String sqlState = sql == null ? null : sql.getSQLState();
        String message = sql == null ? e.getMessage() : sql.getMessage();
        boolean retryable = e instanceof OptimisticLockingFailureException
                || (sqlState != null && RETRYABLE_SQL_STATES.contains(sqlState));
        if (retryable) {
            log.debug("conflict, client may retry: {}", message);
            return answer(HttpStatus.CONFLICT, message, sqlState, true);
        }
        log.error("database failure (SQLState {}): {}", sqlState, message, e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, message, sqlState, false);
    }

    private static ResponseEntity<ErrorBody> answer(HttpStatus status, String message, String sqlState,
            boolean retryable) {
        return ResponseEntity.status(status).body(new ErrorBody(status.value(), message, sqlState, retryable));
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
