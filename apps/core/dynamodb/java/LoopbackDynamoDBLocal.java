import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, listening on 127.0.0.1 only.
 *
 * DynamoDBLocal.jar has no option for the address it binds: it builds Jetty's
 * Server(port), whose connector listens on every interface. This takes the same
 * command-line options, builds the same server, and sets the connector's host to
 * the loopback address before starting it. apps/core/dynamodb_local.py compiles
 * it once and runs it with the jar on the class path:
 * java -cp loopback:DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDBLocal -port N ...
 */
public class LoopbackDynamoDBLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        for (Connector connector : ((Server) field.get(proxy)).getConnectors()) {
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        proxy.start();
    }
}
