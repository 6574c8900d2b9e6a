package io.pgmux.testing;

/** Control over a server of the test harness (PostgreSQL or PgBouncer), to test failures. */
public interface ServerProcess {

    /** Stops the server; connections to it break. Does nothing if it is already stopped. */
    void stop();

    /** Starts the server on the same port and returns once it accepts connections. */
    void start();

    /** Stops and starts the server (PostgreSQL: fast shutdown), same port, returns once it accepts connections. */
    void restart();

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
    void pause();

    /** Lets a paused server go on (SIGCONT). */
    void resume();

    /** The operating system process id of the server (the postmaster for PostgreSQL). */
    long pid();

    boolean isRunning();
}
