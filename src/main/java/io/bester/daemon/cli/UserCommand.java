package io.bester.daemon.cli;

import io.bester.daemon.Stores;
import io.bester.daemon.auth.AccountException;
import io.bester.daemon.auth.AccountService;
import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.PasswordHasher;
import io.bester.daemon.auth.PasswordPolicy;
import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@code besterd user add|passwd|del|list} against the store the config names (§9). */
final class UserCommand {

  private final Path configFile;

  UserCommand(Path configFile) {
    this.configFile = configFile;
  }

  int run(List<String> args) {
    if (args.isEmpty()) {
      throw new Main.UsageException("user needs a subcommand: add, passwd, del or list");
    }
    String action = args.get(0);
    boolean needsName = !action.equals("list");
    if (args.size() != (needsName ? 2 : 1)) {
      throw new Main.UsageException("user " + action + (needsName ? " needs exactly one USERNAME" : " takes no USERNAME"));
    }
    String username = needsName ? args.get(1) : null;
    Function<AccountService, Future<?>> work;
    switch (action) {
      case "add":
        String password = readPassword();
        work = accounts -> accounts.addUser(username, password);
        break;
      case "passwd":
        String newPassword = readPassword();
        work = accounts -> accounts.setPassword(username, newPassword);
        break;
      case "del":
        work = accounts -> accounts.deleteUser(username);
        break;
      case "list":
        work = accounts -> accounts.listUsers().onSuccess(names -> names.forEach(System.out::println));
        break;
      default:
        throw new Main.UsageException("unknown user subcommand '" + action + "'");
    }
    return withAccounts(work, action, username);
  }

  private int withAccounts(Function<AccountService, Future<?>> work, String action, String username) {
    DaemonConfig config = ConfigLoader.load(configFile);
    Vertx vertx = Vertx.vertx();
    try {
      AccountStore store = Stores.open(vertx, config.database());
      AccountService accounts = new AccountService(vertx, store, new PasswordHasher(vertx),
          new PasswordPolicy(config.accounts().minPasswordLength()), config.accounts().registrationOpen());
      store.open().compose(v -> work.apply(accounts)).eventually(store::close)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      if (username != null) {
        System.err.println("besterd: user " + action + " " + username + ": done");
      }
      return 0;
    } catch (ExecutionException e) {
      System.err.println("besterd: user " + action + (username == null ? "" : " " + username) + ": " + explain(e.getCause()));
      return 1;
    } catch (Exception e) {
      System.err.println("besterd: user " + action + ": " + Foreground.describe(e));
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static String explain(Throwable cause) {
    if (cause instanceof AccountException account) {
      switch (account.reason()) {
        case USER_EXISTS: return "the user exists already";
        case UNKNOWN_USER: return "no such user";
        case WEAK_PASSWORD: return "weak password: " + account.getMessage();
        case STORE_UNAVAILABLE:
          // The message is the generic one clients get; the operator wants the store's reason.
          return account.getCause() == null ? account.getMessage()
              : account.getMessage() + ": " + Foreground.describe(account.getCause());
        default: return account.getMessage();
      }
    }
    return Foreground.describe(cause);
  }

  /** First line of standard input when it is not a terminal, else a prompt without echo. */
  private static String readPassword() {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      if (typed == null) {
        throw new Main.UsageException("no password given");
      }
      return new String(typed);
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new Main.UsageException("no password on standard input");
      }
      return line;
    } catch (IOException e) {
      throw new Main.UsageException("cannot read the password: " + e.getMessage());
    }
  }
}
