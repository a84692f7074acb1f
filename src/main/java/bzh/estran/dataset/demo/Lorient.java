package bzh.estran.dataset.demo;

import java.util.List;

/** Places around Lorient the demo data is set in (approximate coordinates). */
final class Lorient {

  record Stop(String name, double latitude, double longitude, String postcode) {}

  static final List<Stop> STOPS =
      List.of(
          new Stop("Gare d'échange", 47.7486, -3.3669, "56100"),
          new Stop("Hôtel de Ville", 47.7460, -3.3662, "56100"),
          new Stop("Keroman", 47.7305, -3.3700, "56100"),
          new Stop("Base de sous-marins", 47.7288, -3.3690, "56100"),
          new Stop("Université Paquebot", 47.7453, -3.3570, "56100"),
          new Stop("Merville", 47.7395, -3.3780, "56100"),
          new Stop("Kervénanec", 47.7570, -3.3920, "56100"),
          new Stop("Lanester Centre", 47.7614, -3.3406, "56600"),
          new Stop("Ploemeur Centre", 47.7363, -3.4270, "56270"),
          new Stop("Larmor-Plage", 47.7066, -3.3839, "56260"),
          new Stop("Quéven", 47.7890, -3.4160, "56530"),
          new Stop("Hennebont Gare", 47.8050, -3.2780, "56700"));

  static final List<String> FIRST_NAMES =
      List.of(
          "Anne", "Yann", "Maëlle", "Gwenaël", "Soizic", "Erwan", "Nolwenn", "Loïc", "Katell",
          "Tristan", "Awa", "Karim", "Léa", "Hugo", "Inès", "Mathis", "Chloé", "Ronan");

  static final List<String> LAST_NAMES =
      List.of(
          "Le Goff",
          "Le Gall",
          "Tanguy",
          "Le Floch",
          "Guillou",
          "Kerhervé",
          "Le Roux",
          "Morvan",
          "Jégo",
          "Le Bihan",
          "Diallo",
          "Benali",
          "Martin",
          "Le Corre",
          "Riou",
          "Nicolas");

  private Lorient() {}
}
