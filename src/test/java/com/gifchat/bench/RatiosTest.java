package com.gifchat.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's ratio table: gif-chat's CPU per delivery over the bare bridge's, each round and their median. */
class RatiosTest {

    private static final FanOut.Shape CELL = new FanOut.Shape(1, 500, 1, 100, 5);

    @Test
    void eachRoundIsGifChatOverTheBareBridgeAndTheMedianIsTheMiddleOne() {
        Ratios ratios = new Ratios();
        ratios.add(CELL, cell(10), cell(15));
        ratios.add(CELL, cell(10), cell(30));
        ratios.add(CELL, cell(20), cell(24));

        assertEquals(List.of("| 1 × 500 | 1 × 100 | 1.50, 3.00, 1.20 | 1.50 × |"), ratios.rows());
    }

    @Test
    void anEvenNumberOfRoundsHasTheMeanOfTheTwoMiddleOnesAsItsMedian() {
        assertEquals(1.5, Ratios.median(List.of(2.0, 1.0, 1.4, 1.6)), 1e-9);
    }

    @Test
    void aPairWithoutTheServersCpuIsNotCounted() {
        Ratios ratios = new Ratios();
        ratios.add(CELL, cell(10), cell(-1));

        assertTrue(ratios.isEmpty());
    }

    private static FanOut.Cell cell(double serverMicrosPerDelivery) {
        return new FanOut.Cell("| row |", serverMicrosPerDelivery);
    }
}
