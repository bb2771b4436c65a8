package bms.dgp.selection;

/** What one criterion cost over all candidates: model fits and seconds (its share of the main fits included). */
public record Cost(int fits, double seconds) {}
