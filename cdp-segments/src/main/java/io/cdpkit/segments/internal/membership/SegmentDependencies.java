package io.cdpkit.segments.internal.membership;

import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.PathCheck;
import java.util.HashSet;
import java.util.Set;

/**
 * What a segment reads directly ({@code in segment} references are followed by the caller): the
 * event types, the segments and groups it names, and whether any event can change its answer
 * ({@code event *}, or a {@code $computed} attribute, which is kept from the profile's events).
 */
record SegmentDependencies(Set<String> segments, Set<String> groups, Set<String> eventTypes, boolean anyEvent) {

  static SegmentDependencies of(Expr expr) {
    Set<String> segments = new HashSet<>();
    Set<String> groups = new HashSet<>();
    Set<String> types = new HashSet<>();
    boolean[] anyEvent = {false};
    walk(expr, segments, groups, types, anyEvent);
    return new SegmentDependencies(Set.copyOf(segments), Set.copyOf(groups), Set.copyOf(types), anyEvent[0]);
  }

  /** True when an event of this type can change the answer (directly; references are checked by the caller). */
  boolean readsEvent(String type) {
    return anyEvent || eventTypes.contains(type);
  }

  private static void walk(Expr expr, Set<String> segments, Set<String> groups, Set<String> types, boolean[] anyEvent) {
    if (expr instanceof Or or) {
      or.args().forEach(a -> walk(a, segments, groups, types, anyEvent));
    } else if (expr instanceof And and) {
      and.args().forEach(a -> walk(a, segments, groups, types, anyEvent));
    } else if (expr instanceof Not not) {
      walk(not.arg(), segments, groups, types, anyEvent);
    } else if (expr instanceof EventCondition event) {
      if (event.type() == null) {
        anyEvent[0] = true;
      } else {
        types.add(event.type());
      }
    } else if (expr instanceof InSegment in) {
      segments.add(in.name());
    } else if (expr instanceof InGroup in) {
      groups.add(in.name());
    } else if (expr instanceof PathCheck check
        && check.path().system() && check.path().parts().get(0).equals("computed")) {
      anyEvent[0] = true;
    } else if (expr instanceof AnyWhere || expr instanceof PathCheck) {
      // profile data only
    }
  }
}
