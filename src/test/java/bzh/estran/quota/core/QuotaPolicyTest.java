package bzh.estran.quota.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.catalog.core.Size;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuotaPolicyTest {

  private static final QuotaLimits LIMITS =
      new QuotaLimits(
          10,
          new BigDecimal("8"),
          new BigDecimal("16"),
          new BigDecimal("40"),
          2,
          new BigDecimal("100"));
  private static final Size STARTER = Size.of("1", "2", "5");

  private static Consumption held(
      int sandboxes, String cpu, String memory, String storage, int mine, String coreMinutes) {
    return new Consumption(
        sandboxes,
        new BigDecimal(cpu),
        new BigDecimal(memory),
        new BigDecimal(storage),
        mine,
        new BigDecimal(coreMinutes));
  }

  @Test
  void aDemandThatFitsEveryLimitIsAdmitted() {
    assertThat(
            QuotaPolicy.check(
                "institution", LIMITS, Consumption.NONE, Demand.newSandbox(STARTER, 480)))
        .isEmpty();
    Consumption nearlyFull = held(9, "7", "14", "35", 1, "5520");
    assertThat(
            QuotaPolicy.check("institution", LIMITS, nearlyFull, Demand.newSandbox(STARTER, 480)))
        .as("exactly at every limit is allowed")
        .isEmpty();
  }

  @Test
  void theSandboxCountIsCheckedFirstAndSaysWhatIsLeft() {
    Optional<Refusal> refusal =
        QuotaPolicy.check(
            "institution", LIMITS, held(10, "0", "0", "0", 0, "0"), Demand.newSandbox(STARTER, 60));
    assertThat(refusal).contains(new Refusal("maxSandboxes", "institution", 1, 0));
  }

  @Test
  void sandboxesPerUserCount() {
    assertThat(
            QuotaPolicy.check(
                "institution",
                LIMITS,
                held(3, "3", "6", "15", 2, "0"),
                Demand.newSandbox(STARTER, 60)))
        .contains(new Refusal("sandboxesPerUser", "institution", 1, 0));
  }

  @Test
  void sizesAreCheckedInOrderWithExactDecimals() {
    Size half = Size.of("0.5", "1", "1");
    assertThat(
            QuotaPolicy.check(
                "cohort", LIMITS, held(1, "7.75", "0", "0", 0, "0"), Demand.newSandbox(half, 60)))
        .contains(new Refusal("cpu", "cohort", new BigDecimal("0.5"), new BigDecimal("0.25")));
    assertThat(
            QuotaPolicy.check(
                "institution",
                LIMITS,
                held(1, "1", "15.5", "0", 0, "0"),
                Demand.newSandbox(STARTER, 60)))
        .contains(
            new Refusal("memoryGiB", "institution", new BigDecimal("2"), new BigDecimal("0.5")));
    assertThat(
            QuotaPolicy.check(
                "institution",
                LIMITS,
                held(1, "1", "1", "38", 0, "0"),
                Demand.newSandbox(STARTER, 60)))
        .contains(
            new Refusal("storageGiB", "institution", new BigDecimal("5"), new BigDecimal("2")));
  }

  @Test
  void theCoreHourBudgetCountsReservedMinutes() {
    Consumption spent = held(0, "0", "0", "0", 0, "5700"); // 95 of 100 core-hours
    Optional<Refusal> refusal =
        QuotaPolicy.check(
            "institution", LIMITS, spent, Demand.newSandbox(Size.of("2", "1", "1"), 180));
    assertThat(refusal)
        .contains(
            new Refusal("coreHours", "institution", new BigDecimal("6"), new BigDecimal("5")));
    assertThat(
            QuotaPolicy.check(
                "institution", LIMITS, spent, Demand.newSandbox(Size.of("2", "1", "1"), 150)))
        .isEmpty();
  }

  @Test
  void anExtensionNeedsOnlyBudgetNotASlot() {
    Consumption full = held(10, "8", "16", "40", 2, "0");
    assertThat(QuotaPolicy.check("institution", LIMITS, full, Demand.extension(BigDecimal.ONE, 60)))
        .isEmpty();
    assertThat(
            QuotaPolicy.check(
                "institution",
                LIMITS,
                held(10, "8", "16", "40", 2, "6000"),
                Demand.extension(BigDecimal.ONE, 1)))
        .map(Refusal::limit)
        .contains("coreHours");
  }

  @Test
  void overAQuotaLoweredBelowUseRemainingIsZeroNotNegative() {
    QuotaLimits lowered =
        new QuotaLimits(1, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, 1, BigDecimal.ONE);
    assertThat(
            QuotaPolicy.check(
                "institution",
                lowered,
                held(3, "3", "6", "15", 0, "600"),
                Demand.newSandbox(STARTER, 1)))
        .contains(new Refusal("maxSandboxes", "institution", 1, 0));
    assertThat(
            QuotaPolicy.check(
                "institution",
                lowered,
                held(0, "3", "6", "15", 0, "600"),
                Demand.newSandbox(STARTER, 1)))
        .contains(new Refusal("cpu", "institution", BigDecimal.ONE, BigDecimal.ZERO));
  }
}
