package com.example.wallet;

public record Balance(long amount) {}
