package com.example.bank;

public record Deposit(long amount) {}
