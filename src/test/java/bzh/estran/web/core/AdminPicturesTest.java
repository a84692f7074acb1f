package bzh.estran.web.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure parts of the managers' and admins' pages: usage bars, the month's curve, progress. */
class AdminPicturesTest {

  @Test
  void aBarShowsTheShareAndIsCappedWhenOverTheLimit() {
    UsageBar quarter = UsageBar.of("cpu", new BigDecimal("2.5"), BigDecimal.TEN);
    assertThat(quarter.percent()).isEqualTo(25);
    assertThat(quarter.drawn()).isEqualTo(25);
    assertThat(quarter.level()).isEqualTo("ok");
    UsageBar over = UsageBar.of("cpu", new BigDecimal("15"), BigDecimal.TEN);
    assertThat(over.percent()).isEqualTo(150);
    assertThat(over.drawn()).isEqualTo(100);
    assertThat(over.over()).isTrue();
    assertThat(over.level()).isEqualTo("over");
    assertThat(UsageBar.of("cpu", BigDecimal.ZERO, BigDecimal.ZERO).percent()).isZero();
    assertThat(UsageBar.of("cpu", BigDecimal.ONE, BigDecimal.ZERO).percent()).isEqualTo(100);
    assertThat(UsageBar.of("cpu", new BigDecimal("8"), BigDecimal.TEN).level()).isEqualTo("high");
  }

  @Test
  void theCurveRunsFromTheFirstDayAndTheBudgetLineSitsAtItsHeight() {
    MonthCurve curve =
        MonthCurve.of(
            List.of(BigDecimal.ZERO, new BigDecimal("50"), new BigDecimal("100")),
            new BigDecimal("100"),
            31);
    assertThat(curve.points().split(" ")).hasSize(3);
    assertThat(curve.points()).startsWith(MonthCurve.LEFT + "," + MonthCurve.BOTTOM);
    assertThat(curve.budgetY()).isEqualTo(MonthCurve.TOP);
    assertThat(curve.points()).endsWith("," + MonthCurve.TOP);
    assertThat(curve.ticks().get(curve.ticks().size() - 1).x()).isEqualTo(MonthCurve.RIGHT);
    MonthCurve overBudget =
        MonthCurve.of(List.of(new BigDecimal("200")), new BigDecimal("100"), 30);
    assertThat(overBudget.budgetY())
        .isEqualTo(MonthCurve.BOTTOM - (MonthCurve.BOTTOM - MonthCurve.TOP) / 2);
    assertThat(MonthCurve.of(List.of(), BigDecimal.ZERO, 28).points()).isEmpty();
  }

  @Test
  void eachMemberGetsTheStepOfTheirNewestSandboxElseTheirRefusal() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<ClassProgress.Line> lines =
        ClassProgress.of(
            List.of(
                new ClassProgress.Member("a@x.fr", "A"),
                new ClassProgress.Member("b@x.fr", "B"),
                new ClassProgress.Member("c@x.fr", "C"),
                new ClassProgress.Member("d@x.fr", "D")),
            Map.of(
                "a@x.fr", new ClassProgress.Box(a, "PROVISIONING", true, null),
                "b@x.fr", new ClassProgress.Box(b, "FAILED", false, "namespace refused")),
            Map.of("c@x.fr", "over quota", "a@x.fr", "an older refusal"));
    assertThat(lines)
        .extracting(ClassProgress.Line::step)
        .containsExactly(
            ClassProgress.Step.QUEUED,
            ClassProgress.Step.FAILED,
            ClassProgress.Step.REFUSED,
            ClassProgress.Step.NONE);
    assertThat(lines.get(1).detail()).isEqualTo("namespace refused");
    assertThat(lines.get(2).detail()).isEqualTo("over quota");
    assertThat(ClassProgress.settled(lines)).isFalse();
    assertThat(
            ClassProgress.settled(
                ClassProgress.of(
                    List.of(new ClassProgress.Member("a@x.fr", "A")),
                    Map.of("a@x.fr", new ClassProgress.Box(a, "READY", false, null)),
                    Map.of())))
        .isTrue();
  }
}
