// A real Neo4j 5.26 Community DBMS for graphbuild's tests, in one process:
//   java -cp 'LIB/*' tools/neo4j/Launcher.java PORT DATA_DIR [HOME_TO_COPY]
// Bolt on 127.0.0.1:PORT, auth disabled, TLS off, no HTTP. Prints "NEO4J READY bolt://127.0.0.1:PORT"
// when it accepts connections, and shuts down cleanly on SIGTERM/SIGINT or when stdin closes.
// HOME_TO_COPY: a Neo4j home whose data/ (databases/neo4j, transactions/neo4j, e.g. written by
// `neo4j-admin database import full` with NEO4J_HOME=HOME_TO_COPY) is copied in and served.
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

public class Launcher {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        SocketAddress address = new SocketAddress("127.0.0.1", port);
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(dir);
        if (args.length > 2) {
            builder = builder.copyFrom(Path.of(args[2]));
        }
        Neo4j neo4j = builder
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, address)
                .withConfig(BoltConnector.advertised_address, address)
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // GRAPHBUILD_NEO4J_AUTH=1: auth on (user neo4j, password neo4j, to be changed), for the
                // tests of refused credentials.
                .withConfig(GraphDatabaseSettings.auth_enabled, "1".equals(System.getenv("GRAPHBUILD_NEO4J_AUTH")))
                .withConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
                // The harness defaults to a tiny page cache; give it room like a real server.
                .withConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                .build();
        Thread stopper = new Thread(() -> {
            try { neo4j.close(); } catch (Exception e) { e.printStackTrace(); }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println("NEO4J READY " + neo4j.boltURI());
        System.out.flush();
        // Stay up until our parent closes stdin or kills us.
        while (System.in.read() != -1) { }
        System.exit(0);
    }
}
