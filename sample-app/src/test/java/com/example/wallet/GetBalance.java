package com.example.wallet;

public record GetBalance() {}
