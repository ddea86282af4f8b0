package com.example.wallet;

public record Deposit(long amount) {}
