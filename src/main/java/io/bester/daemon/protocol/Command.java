package io.bester.daemon.protocol;

import java.util.List;

/** What a handler response asks the daemon to do with its data (§4.2). */
public sealed interface Command {

  /** Deliver to every session of each named user. */
  record SendClients(List<String> users) implements Command {
    public SendClients {
      users = List.copyOf(users);
    }
  }

  /** Forward to other daemons: cluster member names or {@code host:port} targets. */
  record SendServers(List<String> targets) implements Command {
    public SendServers {
      targets = List.copyOf(targets);
    }
  }

  /** Hand the data on to the handler of another type. */
  record SendHandler(String type) implements Command {
  }

  /** A command the daemon does not know, or one whose data has the wrong shape. */
  record Invalid(String description) implements Command {
  }
}
