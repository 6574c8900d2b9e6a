package io.pgmux.stats;

/** {@code io.pgmux:type=Agent}: the agent as a whole. */
@Description("pgmux: PostgreSQL connection multiplexing inside this JVM")
public interface AgentMBean {
    @Description("pgmux version")
    String getVersion();

    @Description("False where pgmux.enabled=false: connections are left untouched")
    boolean isEnabled();

    @Description("Where server connections go (pgmux.target), or each app URL's own host:port where unset")
    String getTarget();

    @Description("Effective settings, defaults included, passwords masked")
    String[] getConfiguration();

    @Description("Names of the open pools (user@host:port/database)")
    String[] getPools();

    @Description("App connects turned into logical connections")
    long getInterceptedConnects();

    @Description("App connects through DriverManager or the driver's DataSource served as a repeat of an earlier one,"
            + " without running DriverManager's driver loop or the data source (counted in InterceptedConnects too)")
    long getRepeatConnects();

    @Description("App connects left untouched (URL not matched by pgmux.include, or matched by pgmux.exclude)")
    long getPassedThroughConnects();

    @Description("pause() on every pool: running transactions finish, new borrows wait")
    void pauseAll();

    @Description("resume() on every pool")
    void resumeAll();
}
