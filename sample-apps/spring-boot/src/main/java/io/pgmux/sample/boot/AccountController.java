package io.pgmux.sample.boot;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {

    private final AccountService service;

    AccountController(AccountService service) {
        this.service = service;
    }

    @GetMapping("/accounts/{id}")
    AccountView account(@PathVariable long id) {
        return service.find(id);
    }

    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    AccountView open(@RequestParam String owner) {
        return service.open(owner);
    }

    @PostMapping("/transfer")
    TransferResult transfer(@RequestParam long from, @RequestParam long to, @RequestParam long amount) {
        return service.transfer(from, to, amount);
    }

    @GetMapping("/total")
    Total total() {
        return service.total();
    }

    /** Answers 200 only if the database wrongly accepted the write; normally 500 with SQLState 25006. */
    @PostMapping("/readonly-write/{id}")
    Map<String, Object> readOnlyWrite(@PathVariable long id) {
        return Map.of("id", id, "updated", service.writeInReadOnlyTransaction(id),
                "problem", "a write inside a read-only transaction was accepted");
    }
}
