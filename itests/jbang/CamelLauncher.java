/**
 * The `camel` command of Camel JBang, without the jbang tool: java -cp <camel-jbang-core class path>
 * CamelLauncher.java run route.yaml --dep=... (used by JBangRunIT and docs/yaml-and-jbang.md).
 */
public class CamelLauncher {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
