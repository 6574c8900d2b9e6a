package io.pgmux.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL and PgBouncer in Docker containers on one network, for machines without the local programs.
 * Host ports are fixed at creation (chosen free on this machine) so that a restarted container keeps its port;
 * this assumes the Docker engine runs on this machine.
 */
final class ContainerTestDatabase extends AbstractTestDatabase {

    static final String POSTGRES_IMAGE_PROPERTY = "pgmux.it.postgresImage";
    static final String PGBOUNCER_IMAGE_PROPERTY = "pgmux.it.pgbouncerImage";
    private static final String POSTGRES_ALIAS = "postgres";
    private static final String PGBOUNCER_ALIAS = "pgbouncer";
    private static final int POSTGRES_CONTAINER_PORT = 5432;
    private static final int PGBOUNCER_CONTAINER_PORT = 6432;
    private static final String PGBOUNCER_DIRECTORY = "/tmp/pgmux";

    private final Network network;
    private final GenericContainer<?> postgresContainer;
    private final GenericContainer<?> pgbouncerContainer;
    private final ContainerProcess postgres;
    private final ContainerProcess pgbouncer;
    private final int postgresPort;
    private final int pgbouncerPort;
    private final AdminConsole adminConsole;

    private ContainerTestDatabase(Credentials credentials, int postgresPort, int pgbouncerPort) {
        super(credentials);
        this.postgresPort = postgresPort;
        this.pgbouncerPort = pgbouncerPort;
        this.network = Network.newNetwork();
        this.postgresContainer = postgresContainer(credentials, network, postgresPort);
        this.pgbouncerContainer = pgbouncerContainer(credentials, network, pgbouncerPort);
        this.postgres = new ContainerProcess("PostgreSQL", postgresContainer, () -> probe(superuserConnection("postgres")));
        this.pgbouncer = new ContainerProcess("PgBouncer", pgbouncerContainer,
                () -> probe(connectThroughPgbouncer(PoolMode.TRANSACTION)));
        this.adminConsole = new ContainerAdminConsole(postgresContainer, PGBOUNCER_ALIAS, PGBOUNCER_CONTAINER_PORT, credentials);
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerTestDatabase start() {
        ContainerTestDatabase database = new ContainerTestDatabase(Credentials.generate(), freePort(), freePort());
        try {
            database.postgresContainer.start();
            database.execAsSuperuserInMaintenanceDatabase(database.credentials.provisioningSql());
            database.execAsSuperuser(database.credentials.schemaSql());
            database.pgbouncerContainer.start();
            return database;
        } catch (RuntimeException e) {
            database.shutdown();
            throw new IllegalStateException("Could not start PostgreSQL and PgBouncer containers ("
                    + database.postgresContainer.getDockerImageName() + ", " + database.pgbouncerContainer.getDockerImageName()
                    + "): " + e.getMessage(), e);
        }
    }

    private static GenericContainer<?> postgresContainer(Credentials credentials, Network network, int hostPort) {
        String image = System.getProperty(POSTGRES_IMAGE_PROPERTY, "postgres:15-alpine");
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(POSTGRES_ALIAS)
                .withEnv("POSTGRES_USER", credentials.superuser())
                .withEnv("POSTGRES_PASSWORD", credentials.superuserPassword())
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
                .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off",
                        "-c", "full_page_writes=off", "-c", "password_encryption=scram-sha-256")
                .withExposedPorts(POSTGRES_CONTAINER_PORT)
                .withCreateContainerCmdModifier(command -> command.getHostConfig()
                        .withPortBindings(new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(POSTGRES_CONTAINER_PORT))))
                // the image's entrypoint starts the server twice: once to initialise, then for real
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** The image's own entrypoint writes a configuration from the environment; ours is used instead. */
    private static GenericContainer<?> pgbouncerContainer(Credentials credentials, Network network, int hostPort) {
        String image = System.getProperty(PGBOUNCER_IMAGE_PROPERTY, "edoburu/pgbouncer:latest");
        String authFile = PGBOUNCER_DIRECTORY + "/userlist.txt";
        String ini = PGBOUNCER_DIRECTORY + "/pgbouncer.ini";
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(PGBOUNCER_ALIAS)
                .withCopyToContainer(Transferable.of(PgBouncerConfig.authFile(credentials), 0644), authFile)
                .withCopyToContainer(Transferable.of(PgBouncerConfig.ini(POSTGRES_ALIAS, POSTGRES_CONTAINER_PORT, "0.0.0.0",
                        PGBOUNCER_CONTAINER_PORT, null, authFile, credentials), 0644), ini)
                .withCreateContainerCmdModifier(command -> {
                    command.withEntrypoint("pgbouncer");
                    command.getHostConfig().withPortBindings(
                            new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(PGBOUNCER_CONTAINER_PORT)));
                })
                .withCommand(ini)
                .withExposedPorts(PGBOUNCER_CONTAINER_PORT)
                .waitingFor(Wait.forLogMessage(".*process up.*\\s", 1).withStartupTimeout(Duration.ofMinutes(1)));
    }

    private static boolean probe(Connection connection) throws java.sql.SQLException {
        try (connection) {
            return connection.isValid(5);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free TCP port: " + e.getMessage(), e);
        }
    }

    @Override
    void shutdown() {
        pgbouncerContainer.stop();
        postgresContainer.stop();
        network.close();
    }

    @Override
    public String host() {
        return postgresContainer.getHost();
    }

    @Override
    public int postgresPort() {
        return postgresPort;
    }

    @Override
    public int pgbouncerPort() {
        return pgbouncerPort;
    }

    @Override
    AdminConsole adminConsole() {
        return adminConsole;
    }

    @Override
    public ServerProcess postgres() {
        return postgres;
    }

    @Override
    public ServerProcess pgbouncer() {
        return pgbouncer;
    }

    @Override
    public Standby standby() {
        throw localProgramsNeeded("A standby");
    }

    @Override
    public PgBouncer newPgBouncer() {
        throw localProgramsNeeded("A second PgBouncer");
    }

    @Override
    public ReplicatedPair newReplicatedPair() {
        throw localProgramsNeeded("A replicated primary and standby");
    }

    private static UnsupportedOperationException localProgramsNeeded(String what) {
        return new UnsupportedOperationException(what + " needs the local PostgreSQL and PgBouncer programs; this run uses"
                + " Docker containers. Install them (Debian/Ubuntu: apt-get install postgresql pgbouncer) or run with "
                + TestDatabases.BACKEND_PROPERTY + "=local.");
    }
}
