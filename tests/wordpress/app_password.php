<?php
// Prints a new application password for the site's first user (the administrator), so write
// tests authenticate the way a newsroom's scripts do. Run with php-cli, WORDPRESS_CONFIG set.
$_SERVER['HTTP_HOST'] = getenv('WORDPRESS_HOST') ?: '127.0.0.1';
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
$created = WP_Application_Passwords::create_new_application_password(1, ['name' => 'dragoman tests']);
if (is_wp_error($created)) {
    fwrite(STDERR, $created->get_error_message() . "\n");
    exit(1);
}
echo $created[0], "\n";
