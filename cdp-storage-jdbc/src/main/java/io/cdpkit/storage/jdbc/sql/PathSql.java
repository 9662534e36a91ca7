package io.cdpkit.storage.jdbc.sql;

import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import org.jspecify.annotations.Nullable;

/**
 * Writes a path test ({@code attribute OP value}, {@code any ... where}, {@code $identifier},
 * {@code $id}, instants) into a {@link SegmentSqlCompiler}, on the profile or, in an event filter,
 * on the event {@code e}: system fields in plain SQL where every dialect agrees, the rest by the
 * dialect.
 */
final class PathSql {
  private final SegmentSqlCompiler out;
  private final SqlDialect dialect;

  PathSql(SegmentSqlCompiler out, SqlDialect dialect) {
    this.out = out;
    this.dialect = dialect;
  }

  void anyWhere(AnyWhere any, boolean event) {
    if (any.path().system()) {
      throw out.unsupported("any over a system field");
    }
    dialect.anyWhere(out, event ? "e.properties" : "p.attributes", any);
  }

  void pathCheck(PathCheck check, boolean event) {
    Path path = check.path();
    if (!path.system()) {
      dialect.jsonCheck(out, event ? "e.properties" : "p.attributes", path, check.check());
      return;
    }
    switch (path.systemField()) {
      case "identifier": {
        String type = path.parts().get(1);
        if (check.check() instanceof Check.IsEmpty empty && dialect.eventsAsSets()) {
          // The set of profiles with the type, once (identifiers.profile_id is never NULL).
          out.sql(empty.negated() ? "p.id IN" : "NOT p.id IN")
              .sql(" (SELECT i.profile_id FROM identifiers i WHERE i.type = ").param(type).sql(")");
          return;
        }
        if (check.check() instanceof Check.IsEmpty empty) {
          out.sql(empty.negated() ? "EXISTS" : "NOT EXISTS")
              .sql(" (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type = ")
              .param(type).sql(")");
          return;
        }
        dialect.identifiersCheck(out, type, check.check());
        return;
      }
      case "computed":
        throw out.unsupported("$computed." + path.parts().get(1) + " is computed in Java");
      case "id":
        textColumn(check.check(), "p.id");
        return;
      case "source":
        textColumn(check.check(), event ? "e.source" : null);
        return;
      case "type":
        textColumn(check.check(), event ? "e.type" : null);
        return;
      case "created_at":
        dialect.instantCheck(out, "p.created_at", check.check());
        return;
      case "updated_at":
        dialect.instantCheck(out, "p.updated_at", check.check());
        return;
      case "timestamp":
        dialect.instantCheck(out, event ? "e.ts" : null, check.check());
        return;
      default:
        throw out.unsupported("unknown system field " + path);
    }
  }

  /** A text column; NULL stands for a field that has no value here (missing). */
  private void textColumn(Check check, @Nullable String column) {
    if (column != null && check instanceof Check.Compare compare
        && compare.value() instanceof Literal.Text text
        && (compare.op() == CompareOp.EQ || compare.op() == CompareOp.NE)) {
      out.sql(column).sql(compare.op() == CompareOp.EQ ? " = " : " <> ").param(text.value());
      return;
    }
    dialect.textCheck(out, column, check);
  }
}
