package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link ComputedAttributeStore} follows. Subclass with {@link #createStore()}
 * returning an empty store.
 */
public abstract class ComputedAttributeStoreContract {
  protected ComputedAttributeStore store;

  /** A new, empty store. */
  protected abstract ComputedAttributeStore createStore();

  @BeforeEach
  void createTheStore() {
    store = createStore();
  }

  @Test
  @DisplayName("saved definitions come back whole, by name")
  void saveAndList() {
    ComputedAttribute orders = ComputedAttribute.count("orders_30d", "purchase")
        .within(Duration.ofDays(30));
    ComputedAttribute ltv = ComputedAttribute.sum("ltv", "purchase", "amount");
    ComputedAttribute seen = ComputedAttribute.lastSeen("last_seen");
    ComputedAttribute monetary =
        ComputedAttribute.rfm("rfm_m", ComputedAttribute.Kind.MONETARY, "purchase", "amount");
    store.save(orders);
    store.save(ltv);
    store.save(seen);
    store.save(monetary);

    assertThat(store.list()).containsExactly(seen, ltv, orders, monetary);
  }

  @Test
  @DisplayName("saving a name again replaces its definition")
  void replace() {
    store.save(ComputedAttribute.sum("ltv", "purchase", "amount"));
    store.save(ComputedAttribute.sum("ltv", "order", "total"));

    assertThat(store.list()).containsExactly(ComputedAttribute.sum("ltv", "order", "total"));
  }

  @Test
  @DisplayName("delete removes a definition and says whether there was one")
  void delete() {
    store.save(ComputedAttribute.count("orders", "purchase"));

    assertThat(store.delete("orders")).isTrue();
    assertThat(store.delete("orders")).isFalse();
    assertThat(store.list()).isEmpty();
  }
}
