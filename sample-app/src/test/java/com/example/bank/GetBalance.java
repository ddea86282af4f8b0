package com.example.bank;

public record GetBalance() {}
